#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "args.h"
#include "bindings.h"
#include "spawn.h"

/* Arguments: file, argv, cwd | null, env, Int32Array [child, parent, ...], setsid, newgroup. */
static bool request_read(napi_env env, napi_value *a, struct owned_strings *o, struct spawn_req *req) {
  bool ok;
  size_t len;
  const int32_t *fdmap;
  if (!(o->file = arg_string(env, a[0])) || !(o->argv = arg_strings(env, a[1]))) return false;
  o->cwd = arg_string_or_null(env, a[2], &ok);
  if (!ok || !(o->envp = arg_strings(env, a[3])) || !arg_int32_array(env, a[4], &fdmap, &len) ||
      !arg_bool(env, a[5], &req->setsid) || !arg_bool(env, a[6], &req->newgroup))
    return false;
  /* The typed array's memory stays put for the length of this call, which is
   * as long as the child reads it: spawn_child returns once it has exec'd. */
  req->file = o->file;
  req->argv = o->argv;
  req->cwd = o->cwd;
  req->envp = o->envp;
  req->fdmap = fdmap;
  req->npairs = len / 2;
  return true;
}

/* spawn(file, argv, cwd | null, env, fdmap, setsid, newgroup) -> pid */
napi_value js_spawn(napi_env env, napi_callback_info info) {
  napi_value a[7], r = NULL;
  struct owned_strings o = {0};
  struct spawn_req req = {0};
  struct sysfail fail;
  pid_t pid;
  if (!args_get(env, info, 7, a)) return NULL;
  if (!request_read(env, a, &o, &req)) goto out;
  if (spawn_child(&req, &pid, &fail) < 0) {
    r = throw_sysfail(env, &fail);
    goto out;
  }
  r = fault_take(FAULT_SPAWN_PID) ? NULL : make_int(env, pid);
  if (!r) {
    /* A child whose pid JavaScript cannot be told would run unsupervised:
     * kill it, so that it is reaped as an orphan, and report a failure. */
    clear_exception(env);
    kill(pid, SIGKILL);
    fail = (struct sysfail){ENOMEM, "spawn", req.file};
    r = throw_sysfail(env, &fail);
  }
out:
  owned_free(&o);
  return r;
}

/* reserveSpawnSlots() -> whether spawns can now leave the fd table uncopied */
napi_value js_reserve_spawn_slots(napi_env env, napi_callback_info info) {
  (void)info;
  return make_bool(env, spawn_reserve_slots());
}
