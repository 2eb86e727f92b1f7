#include "procfd.h"

#include <string.h>

int procfd_of(const char *path, const char **rest) {
  static const char prefix[] = "/proc/self/fd/";
  const char *p = path + sizeof prefix - 1;
  long fd = 0;
  if (strncmp(path, prefix, sizeof prefix - 1) != 0 || *p < '0' || *p > '9') return -1;
  while (*p >= '0' && *p <= '9' && fd <= 0x7fffffff) fd = fd * 10 + (*p++ - '0');
  if (fd > 0x7fffffff) return -1;
  if (*p == '\0') {
    *rest = p;
    return (int)fd;
  }
  if (*p != '/' || p[1] == '\0') return -1;
  *rest = p + 1;
  return (int)fd;
}
