#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloexec.h"

/* glibc has it from 2.34; musl and older glibc do not. A weak reference is
 * null where the C library lacks it, so one binary runs on all of them and
 * the same source builds on all of them. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int)
    __attribute__((weak));

struct spawn_state {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  bool actions_ready, attr_ready;
  int dirfd;
  int *temps; /* one per pair, -1 until duplicated */
  size_t ntemps;
};

static int highest_target(const struct spawn_req *req) {
  int top = -1;
  for (size_t i = 0; i < req->npairs; i++)
    if (req->fdmap[2 * i] > top) top = req->fdmap[2 * i];
  return top;
}

static bool is_target(const struct spawn_req *req, int fd) {
  for (size_t i = 0; i < req->npairs; i++)
    if (req->fdmap[2 * i] == fd) return true;
  return false;
}

/* posix_spawn helpers return an errno value instead of setting errno. */
static int check(int err, const char *what, struct sysfail *fail) {
  return err ? sysfail_set(fail, err, what, NULL) : 0;
}

/* Each parent fd is first copied above every target, so that placing one
 * target can never overwrite the source of another whatever the overlap
 * ({0<-5, 5<-0}), and so that an identity mapping ({1<-1}) still goes
 * through dup2, which is what clears close-on-exec in the child. */
static int copy_sources(const struct spawn_req *req, int top, struct spawn_state *st,
                        struct sysfail *fail) {
  for (size_t i = 0; i < req->npairs; i++) {
    int fd = fcntl(req->fdmap[2 * i + 1], F_DUPFD_CLOEXEC, top + 1);
    if (fd < 0) return sysfail_set(fail, errno, "fcntl", NULL);
    st->temps[st->ntemps++] = fd;
  }
  return 0;
}

static int plan_fds(const struct spawn_req *req, int top, struct spawn_state *st,
                    struct sysfail *fail) {
  posix_spawn_file_actions_t *fa = &st->actions;
  /* fchdir comes first: the directory fd may sit on a target number. */
  if (st->dirfd >= 0 &&
      check(posix_spawn_file_actions_addfchdir_np(fa, st->dirfd),
            "posix_spawn_file_actions_addfchdir_np", fail))
    return -1;
  for (size_t i = 0; i < req->npairs; i++)
    if (check(posix_spawn_file_actions_adddup2(fa, st->temps[i], req->fdmap[2 * i]),
              "posix_spawn_file_actions_adddup2", fail))
      return -1;
  /* glibc ignores EBADF from these closes, so fds that are not open cost
   * nothing; fds the daemon forgot to mark close-on-exec do not leak. */
  for (int fd = 0; fd < top; fd++)
    if (!is_target(req, fd) &&
        check(posix_spawn_file_actions_addclose(fa, fd), "posix_spawn_file_actions_addclose",
              fail))
      return -1;
  if (posix_spawn_file_actions_addclosefrom_np)
    return check(posix_spawn_file_actions_addclosefrom_np(fa, top + 1),
                 "posix_spawn_file_actions_addclosefrom_np", fail);
  /* Without it, posix_spawn has no way to close a range in the child, so
   * every fd above the map is marked close-on-exec here, in the parent, and
   * the child's execve closes them. Only an fd another thread opens without
   * O_CLOEXEC between this call and the clone could slip through; Node,
   * libuv and this addon open every fd with it, and the daemon marks what it
   * inherited at start. The sources copied above the map are close-on-exec
   * already. */
  return cloexec_from(top + 1, fail);
}

/* The daemon ignores SIGPIPE and catches many signals; a service must start
 * as if from a clean exec. glibc reserves signals 32 (SIGCANCEL) and 33
 * (SIGSETXID): sigfillset leaves them out, and glibc 2.36's posix_spawn then
 * sets them to SIG_IGN in the child, which survives execve (s6's services do
 * not start that way). setsigdefault copies the set verbatim and the child
 * resets every member, so a set with every bit on resets those two too. */
static int plan_signals(const struct spawn_req *req, struct spawn_state *st,
                        struct sysfail *fail) {
  sigset_t all, none;
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (req->setsid) flags |= POSIX_SPAWN_SETSID;
  else if (req->newgroup) {
    flags |= POSIX_SPAWN_SETPGROUP;
    if (check(posix_spawnattr_setpgroup(&st->attr, 0), "posix_spawnattr_setpgroup", fail)) return -1;
  }
  memset(&all, 0xff, sizeof all);
  sigemptyset(&none);
  if (check(posix_spawnattr_setsigdefault(&st->attr, &all), "posix_spawnattr_setsigdefault",
            fail) ||
      check(posix_spawnattr_setsigmask(&st->attr, &none), "posix_spawnattr_setsigmask", fail))
    return -1;
  return check(posix_spawnattr_setflags(&st->attr, flags), "posix_spawnattr_setflags", fail);
}

static int prepare(const struct spawn_req *req, struct spawn_state *st, struct sysfail *fail) {
  int top = highest_target(req);
  /* Opening the directory here, rather than chdir in the child, tells a
   * missing cwd apart from a missing program. */
  if (req->cwd) {
    st->dirfd = open(req->cwd, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (st->dirfd < 0) return sysfail_set(fail, errno, "open", req->cwd);
  }
  if (copy_sources(req, top, st, fail) < 0) return -1;
  if (check(posix_spawn_file_actions_init(&st->actions), "posix_spawn_file_actions_init", fail))
    return -1;
  st->actions_ready = true;
  if (check(posix_spawnattr_init(&st->attr), "posix_spawnattr_init", fail)) return -1;
  st->attr_ready = true;
  if (plan_fds(req, top, st, fail) < 0) return -1;
  return plan_signals(req, st, fail);
}

static void release(struct spawn_state *st) {
  if (st->actions_ready) posix_spawn_file_actions_destroy(&st->actions);
  if (st->attr_ready) posix_spawnattr_destroy(&st->attr);
  /* close() may report EINTR or EIO, but the fd is released either way and
   * there is nothing left to retry. */
  for (size_t i = 0; i < st->ntemps; i++) close(st->temps[i]);
  if (st->dirfd >= 0) close(st->dirfd);
  free(st->temps);
}

int spawn_child(const struct spawn_req *req, pid_t *pid, struct sysfail *fail) {
  struct spawn_state st = {.dirfd = -1};
  int r = -1;
  st.temps = malloc((req->npairs ? req->npairs : 1) * sizeof *st.temps);
  if (!st.temps) return sysfail_set(fail, ENOMEM, "malloc", NULL);
  if (prepare(req, &st, fail) == 0) {
    /* glibc runs the child with CLONE_VFORK and hands back the exec errno
     * as the return value, after reaping the child itself. */
    int err = posix_spawn(pid, req->file, &st.actions, &st.attr, req->argv, req->envp);
    r = err ? sysfail_set(fail, err, "spawn", req->file) : 0;
  }
  release(&st);
  return r;
}
