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

/* Statuses that waitpid has handed over and JavaScript has not received
 * yet. A child can be reaped only once: a status that could not be passed
 * on (N-API out of memory) is kept here for the next call, never dropped.
 * Only the main thread reaps, so one list serves the process. */
struct reaped {
  pid_t pid;
  int wstat;
};
static struct reaped *kept;
static size_t nkept, capkept;

static bool keep_room(void) {
  size_t cap;
  struct reaped *p;
  if (nkept < capkept) return true;
  cap = capkept ? 2 * capkept : 64;
  p = realloc(kept, cap * sizeof *kept);
  if (!p) return false;
  kept = p;
  capkept = cap;
  return true;
}

/* Collects every status there is, as far as there is room to keep it. */
static int collect(void) {
  for (;;) {
    int wstat;
    pid_t pid;
    /* No room: the rest stay zombies in the kernel until the next call,
     * rather than be collected and lost. */
    if (!keep_room()) return 0;
    pid = waitpid(-1, &wstat, WNOHANG);
    if (pid > 0) {
      kept[nkept].pid = pid;
      kept[nkept++].wstat = wstat;
    } else if (pid == 0 || errno == ECHILD) {
      return 0;
    } else if (errno != EINTR) {
      return errno;
    }
  }
}

static napi_value out_of_memory(napi_env env, const char *what) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) napi_throw_error(env, "ENOMEM", what);
  return NULL;
}

/* reap() -> [pid, wstat, pid, wstat, ...]. All or nothing: when the array
 * cannot be built, it throws and every status stays kept for the next call. */
napi_value js_reap(napi_env env, napi_callback_info info) {
  napi_value arr, v;
  size_t i;
  int err = collect();
  (void)info;
  /* Statuses already collected cannot be collected again: hand them over,
   * and let the next call meet the error on its own. */
  if (err && nkept == 0) return throw_errno(env, err, "waitpid", NULL);
  if (fault_take(FAULT_REAP_ARRAY) || napi_create_array_with_length(env, 2 * nkept, &arr) != napi_ok)
    return out_of_memory(env, "unable to hand reaped children over");
  for (i = 0; i < nkept; i++) {
    if (!(v = make_int(env, kept[i].pid)) || napi_set_element(env, arr, 2 * i, v) != napi_ok ||
        !(v = make_int(env, kept[i].wstat)) || napi_set_element(env, arr, 2 * i + 1, v) != napi_ok)
      return out_of_memory(env, "unable to hand reaped children over");
  }
  nkept = 0;
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

static unsigned armed_faults;

bool fault_take(enum ts6_fault f) {
  if (!(armed_faults & f)) return false;
  armed_faults &= ~(unsigned)f;
  return true;
}

/* injectFault(mask): arms the faults in mask, for tests only. */
napi_value js_inject_fault(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int mask;
  if (!args_get(env, info, 1, a) || !arg_int(env, a[0], &mask)) return NULL;
  armed_faults |= (unsigned)mask;
  return make_undefined(env);
}

void clear_exception(napi_env env) {
  napi_value ignored;
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
    napi_get_and_clear_last_exception(env, &ignored);
}
