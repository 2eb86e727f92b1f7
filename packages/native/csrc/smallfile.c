#include "smallfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procfd.h"

/* Where a path's *at() calls start: fd N and the rest for a path under
 * /proc/self/fd/N (procfd.h), the cwd and the path otherwise. */
struct at {
  int dirfd;
  const char *rel;
};

static struct at at_of(const char *path) {
  const char *rest;
  int fd = procfd_of(path, &rest);
  struct at r = {AT_FDCWD, path};
  if (fd >= 0 && *rest != '\0') {
    r.dirfd = fd;
    r.rel = rest;
  }
  return r;
}

static int close_keeping_errno(int fd) {
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

ssize_t small_read(const char *path, char *buf, size_t max, int *absent, struct sysfail *fail) {
  struct at a = at_of(path);
  size_t got = 0;
  int fd;
  *absent = 0;
  /* O_NONBLOCK: a fifo planted in place of the file cannot hang the daemon. */
  do fd = openat(a.dirfd, a.rel, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ENOENT) {
      *absent = 1;
      return 0;
    }
    return sysfail_set(fail, errno, "open", path);
  }
  while (got < max) {
    ssize_t n = read(fd, buf + got, max - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close_keeping_errno(fd);
      return sysfail_set(fail, errno, "read", path);
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  close(fd);
  return (ssize_t)got;
}

int atomic_write(const char *path, const char *data, size_t len, struct sysfail *fail) {
  struct at a = at_of(path);
  size_t rl = strlen(a.rel), done = 0;
  char *tmp = malloc(rl + sizeof ".new");
  const char *step = "open";
  int fd;
  if (!tmp) return sysfail_set(fail, ENOMEM, "malloc", NULL);
  memcpy(tmp, a.rel, rl);
  memcpy(tmp + rl, ".new", sizeof ".new");
  do fd = openat(a.dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) goto fail;
  step = "write";
  while (done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close_keeping_errno(fd);
      goto fail_unlink;
    }
    done += (size_t)n;
  }
  step = "close";
  if (close(fd) < 0 && errno != EINTR) goto fail_unlink;
  step = "rename";
  if (renameat(a.dirfd, tmp, a.dirfd, a.rel) < 0) goto fail_unlink;
  free(tmp);
  return 0;

fail_unlink: {
  int e = errno;
  unlinkat(a.dirfd, tmp, 0);
  errno = e;
}
fail:
  free(tmp);
  return sysfail_set(fail, errno, step, path);
}

int record_append(const char *path, const char *rec, size_t len, size_t keep, size_t max_file, struct sysfail *fail) {
  char *buf = malloc(max_file + 1 + len);
  size_t kept = 0;
  ssize_t n;
  int absent, r;
  if (!buf) return sysfail_set(fail, ENOMEM, "malloc", NULL);
  n = small_read(path, buf, max_file + 1, &absent, fail);
  if (n < 0) {
    free(buf);
    return -1;
  }
  if (!absent && (size_t)n <= max_file && (size_t)n % len == 0) {
    kept = (size_t)n < (keep - 1) * len ? (size_t)n : (keep - 1) * len;
    memmove(buf, buf + n - kept, kept);
  }
  memcpy(buf + kept, rec, len);
  r = atomic_write(path, buf, kept + len, fail);
  free(buf);
  return r;
}

/* A listener's fifo: "ftrig1:@", 24 hex digits of a TAI64N stamp, ":", 6 chars. */
#define FTRIG_PREFIX "ftrig1:@"
#define FTRIG_NAME_LENGTH 39

/* The kernel's dirent as getdents64 gives it: read directly, because
 * fdopendir would cost two more system calls per notification. */
struct kernel_dirent64 {
  unsigned long long ino;
  long long off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

static void notify_one(int dfd, const char *name, const char *data, size_t len, int *delivered) {
  ssize_t n;
  int fd = openat(dfd, name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO) unlinkat(dfd, name, 0);
    return;
  }
  /* The daemon ignores SIGPIPE: a reader gone since the open is EPIPE here. */
  do n = write(fd, data, len);
  while (n < 0 && errno == EINTR);
  if (n == (ssize_t)len) (*delivered)++;
  else if (n < 0 && errno == EPIPE) unlinkat(dfd, name, 0);
  close(fd);
}

int fifodir_notify(const char *dir, const char *data, size_t len, struct sysfail *fail) {
  struct at a = at_of(dir);
  _Alignas(8) char buf[4096];
  int dfd, delivered = 0;
  long got;
  do dfd = openat(a.dirfd, a.rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  while (dfd < 0 && errno == EINTR);
  if (dfd < 0) return sysfail_set(fail, errno, "scandir", dir);
  while ((got = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
    for (long at = 0; at < got;) {
      const struct kernel_dirent64 *e = (const struct kernel_dirent64 *)(buf + at);
      at += e->reclen;
      if (strlen(e->name) == FTRIG_NAME_LENGTH &&
          strncmp(e->name, FTRIG_PREFIX, sizeof FTRIG_PREFIX - 1) == 0)
        notify_one(dfd, e->name, data, len, &delivered);
    }
  }
  if (got < 0) {
    close_keeping_errno(dfd);
    return sysfail_set(fail, errno, "scandir", dir);
  }
  close(dfd);
  return delivered;
}
