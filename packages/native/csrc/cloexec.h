#ifndef TS6_CLOEXEC_H
#define TS6_CLOEXEC_H

#include "sysfail.h"

/* close_range(2) is called through syscall(2): glibc wraps it only from 2.34
 * and musl not at all, and its number is the same on every architecture. A
 * test build sets a number no kernel has, to run as on kernels before 5.9. */
#ifndef TS6_CLOSE_RANGE_NR
#define TS6_CLOSE_RANGE_NR 436
#endif

/* Marks every fd >= lowfd close-on-exec. Returns 0, or -1 with *fail filled. */
int cloexec_from(int lowfd, struct sysfail *fail);

#endif
