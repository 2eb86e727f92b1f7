#ifndef TS6_PROCFD_H
#define TS6_PROCFD_H

/* A supervisor reaches its service directory as /proc/self/fd/N, so that a
 * renamed directory keeps working. The kernel resolves that prefix through
 * procfs on every call; fd N names the same directory without it.
 * Returns N for "/proc/self/fd/N" (*rest set to "") or "/proc/self/fd/N/rest"
 * (*rest to "rest"), and -1 for any other path. */
int procfd_of(const char *path, const char **rest);

#endif
