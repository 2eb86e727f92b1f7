#ifndef TS6_CLOEXEC_H
#define TS6_CLOEXEC_H

#include "sysfail.h"

/* Marks every fd >= lowfd close-on-exec. Returns 0, or -1 with *fail filled. */
int cloexec_from(int lowfd, struct sysfail *fail);

#endif
