#ifndef TS6_SPAWN_H
#define TS6_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysfail.h"

struct spawn_req {
  const char *file;    /* not searched in PATH; relative to cwd */
  char *const *argv;
  char *const *envp;
  const char *cwd;     /* NULL: the caller's */
  const int32_t *fdmap; /* pairs: child fd, parent fd */
  size_t npairs;
  bool setsid;
  bool newgroup;       /* without setsid: a process group of its own */
};

/* Starts a child that has exactly the mapped fds, default signal dispositions
 * and an empty signal mask. A failed exec is reported here, never as a child
 * that exits 127. Returns 0, or -1 with *fail filled. */
int spawn_child(const struct spawn_req *req, pid_t *pid, struct sysfail *fail);

/* Reserves the low fds through which a spawn's fds reach the child without
 * copying the whole table (spawn.c). Only a process that spawns while it
 * holds many fds needs them, and it must ask while it holds few: at its
 * start. True once they are there; asking again changes nothing. */
bool spawn_reserve_slots(void);

#endif
