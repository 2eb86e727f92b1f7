#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cloexec.h"

/* What the child reads, and where it leaves why it gave up. The child runs
 * in this process's memory (CLONE_VM) while the calling thread is suspended
 * (CLONE_VFORK), so both sides see the same struct and nothing is copied. */
struct plan {
  const struct spawn_req *req;
  int top;            /* highest target fd */
  bool close_above;   /* close_range(top + 1, ~0) in the child */
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

static bool is_target(const struct spawn_req *req, int fd) {
  for (size_t i = 0; i < req->npairs; i++)
    if (req->fdmap[2 * i] == fd) return true;
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
    p->copies[i] = fcntl(req->fdmap[2 * i + 1], F_DUPFD_CLOEXEC, p->top + 1);
    if (p->copies[i] < 0) return give_up(p, "fcntl", NULL);
  }
  for (size_t i = 0; i < req->npairs; i++)
    if (dup2(p->copies[i], req->fdmap[2 * i]) < 0) return give_up(p, "dup2", NULL);
  for (int fd = 0; fd < p->top; fd++)
    if (!is_target(req, fd)) close(fd);
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
  if (req->cwd && chdir(req->cwd) < 0) return give_up(p, "chdir", req->cwd);
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

/* The child's stack, on the caller's: the caller is suspended until the
 * child has exec'd or exited, and the child needs little. */
#define CHILD_STACK 32768

int spawn_child(const struct spawn_req *req, pid_t *pid, struct sysfail *fail) {
  _Alignas(16) char stack[CHILD_STACK];
  struct plan p = {.req = req, .top = -1};
  unsigned long all[2] = {~0UL, ~0UL}, old[2];
  int clone_err;
  for (size_t i = 0; i < req->npairs; i++)
    if (req->fdmap[2 * i] > p.top) p.top = req->fdmap[2 * i];
  p.close_above = close_range_works();
  /* Without close_range, every fd above the map is marked close-on-exec
   * here instead, and the child's execve closes them. */
  if (!p.close_above && cloexec_from(p.top + 1, fail) < 0) return -1;
  p.copies = malloc((req->npairs ? req->npairs : 1) * sizeof *p.copies);
  if (!p.copies) return sysfail_set(fail, ENOMEM, "malloc", NULL);
  /* Every signal blocked, glibc's own included, so that no handler of the
   * daemon's runs in the child before reset_signals. */
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, all, old, 8);
  *pid = clone(child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &p);
  clone_err = errno;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, old, NULL, 8);
  free(p.copies);
  if (*pid < 0) return sysfail_set(fail, clone_err, "spawn", req->file);
  if (p.err == 0) return 0;
  /* The child told us why it gave up, and has exited (or is about to): it
   * is reaped here, so that no caller ever hears of it. */
  while (waitpid(*pid, NULL, __WALL) < 0 && errno == EINTR) {}
  return sysfail_set(fail, p.err, p.step, p.path);
}
