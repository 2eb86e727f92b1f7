#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <unistd.h>

#include "cloexec.h"

/* What exec_clean changes, kept to undo it if execve fails. */
struct saved {
  sigset_t mask;
  struct sigaction action[NSIG];
  bool changed[NSIG];
  int stdio_flags[3]; /* -1: not open, or not touched yet */
};

/* Ignored signals would stay ignored across execve; caught ones are reset by
 * the kernel anyway, but resetting them too keeps one rule for all. sigaction
 * refuses glibc's reserved signals (32, 33) and SIGKILL/SIGSTOP, which are
 * skipped: they are already at their default. */
static void reset_dispositions(struct saved *s) {
  struct sigaction dfl = {.sa_handler = SIG_DFL};
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; sig++) {
    s->changed[sig] = false;
    if (sigaction(sig, NULL, &s->action[sig]) < 0 || s->action[sig].sa_handler == SIG_DFL)
      continue;
    s->changed[sig] = sigaction(sig, &dfl, NULL) == 0;
  }
}

/* Node marks its own 0, 1 and 2 close-on-exec at startup; the new program
 * must still get them. A closed one stays closed. */
static int keep_stdio(struct saved *s, struct sysfail *fail) {
  for (int fd = 0; fd < 3; fd++) s->stdio_flags[fd] = -1;
  for (int fd = 0; fd < 3; fd++) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) {
      if (errno == EBADF) continue;
      return sysfail_set(fail, errno, "fcntl", NULL);
    }
    if (!(flags & FD_CLOEXEC)) continue;
    if (fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0) return sysfail_set(fail, errno, "fcntl", NULL);
    s->stdio_flags[fd] = flags;
  }
  return 0;
}

static void restore(struct saved *s) {
  for (int fd = 0; fd < 3; fd++)
    if (s->stdio_flags[fd] >= 0) fcntl(fd, F_SETFD, s->stdio_flags[fd]);
  for (int sig = 1; sig < NSIG; sig++)
    if (s->changed[sig]) sigaction(sig, &s->action[sig], NULL);
  pthread_sigmask(SIG_SETMASK, &s->mask, NULL);
}

int exec_clean(const char *file, char *const argv[], char *const envp[], struct sysfail *fail) {
  struct saved saved;
  sigset_t all, none;
  int err;
  sigfillset(&all);
  sigemptyset(&none);
  /* Blocked while dispositions change, so no handler runs half-way; a signal
   * that arrives meanwhile stays pending and takes its default action when
   * the mask empties, as it would have just after execve. Only this first
   * call is checked: pthread_sigmask fails only on a bad `how`. */
  err = pthread_sigmask(SIG_BLOCK, &all, &saved.mask);
  if (err) return sysfail_set(fail, err, "pthread_sigmask", NULL);
  reset_dispositions(&saved);
  /* Close-on-exec rather than close: if execve fails the daemon still owns
   * working fds (its event loop among them) and can report the failure. */
  if (keep_stdio(&saved, fail) < 0 || cloexec_from(3, fail) < 0) {
    restore(&saved);
    return -1;
  }
  pthread_sigmask(SIG_SETMASK, &none, NULL);
  execve(file, argv, envp);
  err = errno;
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  restore(&saved);
  return sysfail_set(fail, err, "execve", file);
}
