#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "args.h"
#include "bindings.h"

/* tcsetpgrp(fd, pgrp): hands the terminal's foreground to a process group.
 * A caller in a background group would get SIGTTOU, and with a handler
 * installed (Node's) the kernel restarts the call forever; blocking SIGTTOU
 * for the call is how a shell does it. */
napi_value js_tcsetpgrp(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, pgrp, r, e;
  sigset_t ttou, old;
  if (!args_get(env, info, 2, a) || !arg_int(env, a[0], &fd) || !arg_int(env, a[1], &pgrp)) return NULL;
  sigemptyset(&ttou);
  sigaddset(&ttou, SIGTTOU);
  pthread_sigmask(SIG_BLOCK, &ttou, &old);
  r = tcsetpgrp(fd, pgrp);
  e = errno;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return r < 0 ? throw_errno(env, e, "tcsetpgrp", NULL) : make_undefined(env);
}

/* isatty(fd): whether fd is a terminal. node:tty would do, but loading it
 * costs a daemon that asks once about a third of a megabyte for life. */
napi_value js_isatty(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int fd;
  if (!args_get(env, info, 1, a) || !arg_int(env, a[0], &fd)) return NULL;
  return make_bool(env, isatty(fd) == 1);
}

/* getpgrp(): this process's group, to take the terminal back later. */
napi_value js_getpgrp(napi_env env, napi_callback_info info) {
  (void)info;
  return make_int(env, getpgrp());
}

/* ignoreJobControlSignals(): SIGTTOU and SIGTTIN to SIG_IGN, which Node
 * cannot do. A daemon that has handed the terminal to a main program must
 * not be stopped by writing to it (stty tostop) or by reading it, as a job
 * control shell is not; a JS handler would not do, since the kernel restarts
 * the write forever. Children are unaffected: spawn resets every signal. */
napi_value js_ignore_job_control_signals(napi_env env, napi_callback_info info) {
  struct sigaction sa;
  (void)info;
  sa.sa_handler = SIG_IGN;
  sa.sa_flags = 0;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGTTOU, &sa, NULL) < 0 || sigaction(SIGTTIN, &sa, NULL) < 0)
    return throw_errno(env, errno, "sigaction", NULL);
  return make_undefined(env);
}
