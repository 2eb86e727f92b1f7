#ifndef TS6_SYSFAIL_H
#define TS6_SYSFAIL_H

/* What a failed system call leaves behind, so the code that does the work
 * never needs to know how (or whether) it is reported to JavaScript. */
struct sysfail {
  int err;             /* errno value, positive */
  const char *syscall; /* the call that failed */
  const char *path;    /* the file it concerned, or NULL */
};

static inline int sysfail_set(struct sysfail *f, int err, const char *syscall,
                              const char *path) {
  f->err = err;
  f->syscall = syscall;
  f->path = path;
  return -1;
}

#endif
