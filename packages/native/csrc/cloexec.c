#include "cloexec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#define FD_DIR "/proc/self/fd"

static int mark(int fd, struct sysfail *fail) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) {
    /* Listed a moment ago, closed since by another thread: nothing to mark. */
    return errno == EBADF ? 0 : sysfail_set(fail, errno, "fcntl", NULL);
  }
  if (flags & FD_CLOEXEC) return 0;
  return fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0 ? sysfail_set(fail, errno, "fcntl", NULL)
                                                     : 0;
}

/* For kernels older than 5.11, which lack CLOSE_RANGE_CLOEXEC. */
static int mark_listed(int lowfd, struct sysfail *fail) {
  DIR *dir = opendir(FD_DIR);
  struct dirent *e;
  int r = 0;
  if (!dir) return sysfail_set(fail, errno, "opendir", FD_DIR);
  errno = 0;
  while (r == 0 && (e = readdir(dir))) {
    char *end;
    long fd = strtol(e->d_name, &end, 10);
    if (*end || end == e->d_name || fd < lowfd || fd == dirfd(dir)) continue;
    r = mark((int)fd, fail);
    errno = 0;
  }
  if (r == 0 && errno) r = sysfail_set(fail, errno, "readdir", FD_DIR);
  closedir(dir);
  return r;
}

int cloexec_from(int lowfd, struct sysfail *fail) {
  if (syscall(TS6_CLOSE_RANGE_NR, (unsigned)lowfd, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
  /* ENOSYS: no close_range (< 5.9); EINVAL: no CLOSE_RANGE_CLOEXEC (< 5.11). */
  if (errno != ENOSYS && errno != EINVAL) return sysfail_set(fail, errno, "close_range", NULL);
  return mark_listed(lowfd, fail);
}
