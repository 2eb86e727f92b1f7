#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cloexec.h"
#include "procfd.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

/* What the child reads, and where it leaves why it gave up. The child runs
 * in this process's memory (CLONE_VM) while the calling thread is suspended
 * (CLONE_VFORK), so both sides see the same struct and nothing is copied. */
struct plan {
  const struct spawn_req *req;
  const int32_t *fdmap; /* req's map, its sources moved to slots when shared */
  int top;            /* highest target fd */
  bool close_above;   /* close_range(top + 1, ~0) in the child */
  int unshare_below;  /* the table is shared: keep only fds below this, or -1 */
  int cwd_fd;         /* cwd is /proc/self/fd/N: N, for fchdir without procfs; or -1 */
  int *copies;        /* one per pair, written by the child */
  int err;            /* 0, or the errno of the step that failed */
  const char *step;   /* that step's name, as the error's syscall */
  const char *path;   /* the file it concerned, or NULL */
};

/* The kernel's own struct sigaction: its rt_sigaction takes signals 32 and
 * 33, which glibc's sigaction() refuses. All zero is SIG_DFL, no flags and
 * an empty mask, whatever the architecture's layout of the other fields. */
struct kernel_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  unsigned long mask[2];
};

static bool is_target(const struct plan *p, int fd) {
  for (size_t i = 0; i < p->req->npairs; i++)
    if (p->fdmap[2 * i] == fd) return true;
  return false;
}

static int give_up(struct plan *p, const char *step, const char *path) {
  p->err = errno;
  p->step = step;
  p->path = path;
  syscall(SYS_exit, 127);
  return 127;
}

/* Each source is first copied above every target, so that placing one
 * target never overwrites the source of another ({0<-5, 5<-0}), and an
 * identity mapping ({1<-1}) still goes through dup2, which clears
 * close-on-exec. The copies are close-on-exec: execve drops them. */
static int place_fds(struct plan *p) {
  const struct spawn_req *req = p->req;
  for (size_t i = 0; i < req->npairs; i++) {
    p->copies[i] = fcntl(p->fdmap[2 * i + 1], F_DUPFD_CLOEXEC, p->top + 1);
    if (p->copies[i] < 0) return give_up(p, "fcntl", NULL);
  }
  for (size_t i = 0; i < req->npairs; i++)
    if (dup2(p->copies[i], p->fdmap[2 * i]) < 0) return give_up(p, "dup2", NULL);
  for (int fd = 0; fd < p->top; fd++)
    if (!is_target(p, fd)) close(fd);
  if (p->close_above && syscall(TS6_CLOSE_RANGE_NR, (unsigned)p->top + 1, ~0U, 0) < 0)
    return give_up(p, "close_range", NULL);
  return 0;
}

/* The daemon ignores SIGPIPE and catches many signals; a service starts as
 * if from a clean exec. Ignored dispositions would survive execve, and a
 * caught one must not run here, in the daemon's memory, should a signal come
 * once the mask below is lifted. */
static void reset_signals(void) {
  struct kernel_sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  for (int sig = 1; sig <= 64; sig++)
    if (sig != SIGKILL && sig != SIGSTOP) syscall(SYS_rt_sigaction, sig, &dfl, NULL, 8);
}

/* In the child, before execve. Only system calls: the child shares the
 * daemon's memory and must leave every lock and allocator alone. */
static int child_main(void *arg) {
  struct plan *p = arg;
  const struct spawn_req *req = p->req;
  unsigned long none[2] = {0, 0};
  /* First: cwd may be a path through one of the fds about to be closed
   * (/proc/self/fd/N). */
  if (req->cwd && (p->cwd_fd >= 0 ? fchdir(p->cwd_fd) : chdir(req->cwd)) < 0) return give_up(p, "chdir", req->cwd);
  /* Until this succeeds the fd table is the daemon's own: nothing above may
   * change it. Leaving on failure is safe, it only drops our reference. */
  if (p->unshare_below >= 0 &&
      syscall(TS6_CLOSE_RANGE_NR, (unsigned)p->unshare_below, ~0U, CLOSE_RANGE_UNSHARE) < 0)
    return give_up(p, "close_range", NULL);
  if (place_fds(p)) return 127;
  if (req->setsid) setsid();
  else if (req->newgroup) setpgid(0, 0);
  reset_signals();
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, none, NULL, 8);
  execve(req->file, req->argv, req->envp);
  return give_up(p, "spawn", req->file);
}

/* -1: not probed yet; 0: this kernel lacks close_range (< 5.9); 1: has it. */
static int has_close_range = -1;

static bool close_range_works(void) {
  if (has_close_range < 0) {
    /* A range with no fd in it: 0 where the call exists, ENOSYS where not. */
    has_close_range = syscall(TS6_CLOSE_RANGE_NR, ~0U - 1, ~0U - 1, 0) == 0 || errno != ENOSYS;
  }
  return has_close_range == 1;
}

/*
 * Without CLONE_FILES, clone copies the whole fd table into the child (a
 * reference taken on every open file) and the child then closes all but its
 * own: in a daemon holding three fds per service, that is 2 ms a spawn at
 * 15,000 fds, paid on the main thread. Instead the child starts on the
 * daemon's table and leaves it with close_range(CLOSE_RANGE_UNSHARE), which
 * copies only the fds below a bound. To keep that bound low, the map's
 * sources are first dup'd into slots: a few low fds reserved while the
 * table was still small, holding /dev/null when idle.
 */
#define NSLOTS 8
static int slot_fds[NSLOTS];
static int slot_filler = -1;
static int slot_bound = -1; /* above every slot; -1: no slots */
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

bool spawn_reserve_slots(void) {
  bool ok;
  pthread_mutex_lock(&slot_lock);
  if (slot_filler < 0) {
    int filler = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int n = 0, high = filler;
    while (filler >= 0 && n < NSLOTS && (slot_fds[n] = fcntl(filler, F_DUPFD_CLOEXEC, 0)) >= 0) {
      if (slot_fds[n] > high) high = slot_fds[n];
      n++;
    }
    if (n == NSLOTS) {
      slot_filler = filler;
      slot_bound = high + 1;
    } else {
      /* Without them every spawn copies the table, as fork would. */
      while (n > 0) close(slot_fds[--n]);
      if (filler >= 0) close(filler);
    }
  }
  ok = slot_filler >= 0;
  pthread_mutex_unlock(&slot_lock);
  return ok;
}

/* Back to /dev/null: a slot must not keep a pipe's write end open. */
static void slots_clear(size_t n) {
  for (size_t i = 0; i < n; i++) dup3(slot_filler, slot_fds[i], O_CLOEXEC);
  pthread_mutex_unlock(&slot_lock);
}

/* Moves the map's sources into the slots, under the lock, which the caller
 * releases with slots_clear. False (nothing held) when they cannot serve. */
static bool slots_take(const struct spawn_req *req, int32_t *moved) {
  if (slot_bound < 0 || req->npairs > NSLOTS) return false;
  pthread_mutex_lock(&slot_lock);
  for (size_t i = 0; i < req->npairs; i++) {
    moved[2 * i] = req->fdmap[2 * i];
    moved[2 * i + 1] = slot_fds[i];
    if (dup3(req->fdmap[2 * i + 1], slot_fds[i], O_CLOEXEC) < 0) {
      slots_clear(i);
      return false;
    }
  }
  return true;
}

/* The child's stack, on the caller's: the caller is suspended until the
 * child has exec'd or exited, and the child needs little. */
#define CHILD_STACK 32768

int spawn_child(const struct spawn_req *req, pid_t *pid, struct sysfail *fail) {
  _Alignas(16) char stack[CHILD_STACK];
  int32_t moved[2 * NSLOTS];
  struct plan p = {.req = req, .fdmap = req->fdmap, .top = -1, .unshare_below = -1, .cwd_fd = -1};
  const char *rest;
  if (req->cwd && (p.cwd_fd = procfd_of(req->cwd, &rest)) >= 0 && *rest != '\0') p.cwd_fd = -1;
  unsigned long all[2] = {~0UL, ~0UL}, old[2];
  int flags = CLONE_VM | CLONE_VFORK | SIGCHLD, clone_err;
  bool shared;
  for (size_t i = 0; i < req->npairs; i++)
    if (req->fdmap[2 * i] > p.top) p.top = req->fdmap[2 * i];
  p.close_above = close_range_works();
  /* Without close_range, every fd above the map is marked close-on-exec
   * here instead, and the child's execve closes them. */
  if (!p.close_above && cloexec_from(p.top + 1, fail) < 0) return -1;
  p.copies = malloc((req->npairs ? req->npairs : 1) * sizeof *p.copies);
  if (!p.copies) return sysfail_set(fail, ENOMEM, "malloc", NULL);
  /* close_range and CLOSE_RANGE_UNSHARE came in the same kernel (5.9). */
  shared = p.close_above && slots_take(req, moved);
  if (shared) {
    p.fdmap = moved;
    p.unshare_below = slot_bound;
    flags |= CLONE_FILES;
  }
  /* Every signal blocked, glibc's own included, so that no handler of the
   * daemon's runs in the child before reset_signals. */
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, all, old, 8);
  *pid = clone(child_main, stack + sizeof stack, flags, &p);
  clone_err = errno;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, old, NULL, 8);
  if (shared) slots_clear(req->npairs);
  free(p.copies);
  if (*pid < 0) return sysfail_set(fail, clone_err, "spawn", req->file);
  if (p.err == 0) return 0;
  /* The child told us why it gave up, and has exited (or is about to): it
   * is reaped here, so that no caller ever hears of it. */
  while (waitpid(*pid, NULL, __WALL) < 0 && errno == EINTR) {}
  return sysfail_set(fail, p.err, p.step, p.path);
}
