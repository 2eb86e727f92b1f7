#include <errno.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "args.h"
#include "bindings.h"
#include "exec.h"

/* execve(file, argv, env): returns only by throwing. */
napi_value js_execve(napi_env env, napi_callback_info info) {
  napi_value a[3];
  struct owned_strings o = {0};
  struct sysfail fail;
  if (!args_get(env, info, 3, a)) return NULL;
  if ((o.file = arg_string(env, a[0])) && (o.argv = arg_strings(env, a[1])) &&
      (o.envp = arg_strings(env, a[2])) && exec_clean(o.file, o.argv, o.envp, &fail) < 0)
    throw_sysfail(env, &fail);
  owned_free(&o);
  return NULL;
}

static bool push(napi_env env, napi_value arr, uint32_t i, int v) {
  napi_value n = make_int(env, v);
  return n && napi_set_element(env, arr, i, n) == napi_ok;
}

/* reap() -> [pid, wstat, pid, wstat, ...] */
napi_value js_reap(napi_env env, napi_callback_info info) {
  napi_value arr;
  uint32_t n = 0;
  (void)info;
  if (napi_create_array(env, &arr) != napi_ok) return NULL;
  for (;;) {
    int wstat;
    pid_t pid = waitpid(-1, &wstat, WNOHANG);
    if (pid > 0) {
      if (!push(env, arr, n, pid) || !push(env, arr, n + 1, wstat)) return NULL;
      n += 2;
    } else if (pid == 0 || errno == ECHILD) {
      break;
    } else if (errno != EINTR) {
      /* Statuses already collected cannot be collected again: hand them
       * over, and let the next call meet the error on its own. */
      if (n) break;
      return throw_errno(env, errno, "waitpid", NULL);
    }
  }
  return arr;
}

/* setSubreaper(on) */
napi_value js_set_subreaper(napi_env env, napi_callback_info info) {
  napi_value a[1];
  bool on;
  if (!args_get(env, info, 1, a) || !arg_bool(env, a[0], &on)) return NULL;
  if (prctl(PR_SET_CHILD_SUBREAPER, on ? 1UL : 0UL, 0UL, 0UL, 0UL) < 0)
    return throw_errno(env, errno, "prctl", NULL);
  return make_undefined(env);
}

napi_value js_is_subreaper(napi_env env, napi_callback_info info) {
  int on = 0;
  (void)info;
  if (prctl(PR_GET_CHILD_SUBREAPER, &on, 0UL, 0UL, 0UL) < 0)
    return throw_errno(env, errno, "prctl", NULL);
  return make_bool(env, on != 0);
}
