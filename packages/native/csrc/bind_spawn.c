#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "bindings.h"
#include "spawn.h"

/* A spawn request with everything it points to owned by C, so that it can
 * outlive the JavaScript call that made it (spawnAsync). */
struct spawn_job {
  struct owned_strings o;
  int32_t *fdmap;
  struct spawn_req req;
  struct sysfail fail;
  pid_t pid;
  int result;
  napi_async_work work;
  napi_ref callback;
  /* Made while queueing: what the callback gets when no error can be built
   * at completion, so that the callback always runs. */
  napi_ref fallback;
};

static void job_free(struct spawn_job *j) {
  owned_free(&j->o);
  free(j->fdmap);
  free(j);
}

/* Arguments: file, argv, cwd | null, env, Int32Array [child, parent, ...], setsid, newgroup. */
static struct spawn_job *job_read(napi_env env, napi_value *a) {
  bool ok;
  size_t len;
  const int32_t *fdmap;
  struct spawn_job *j = calloc(1, sizeof *j);
  if (!j) {
    napi_throw_error(env, "ENOMEM", "out of memory");
    return NULL;
  }
  if (!(j->o.file = arg_string(env, a[0])) || !(j->o.argv = arg_strings(env, a[1]))) goto fail;
  j->o.cwd = arg_string_or_null(env, a[2], &ok);
  if (!ok || !(j->o.envp = arg_strings(env, a[3])) || !arg_int32_array(env, a[4], &fdmap, &len) ||
      !arg_bool(env, a[5], &j->req.setsid) || !arg_bool(env, a[6], &j->req.newgroup))
    goto fail;
  /* The typed array's memory belongs to JavaScript and may move once we return. */
  j->fdmap = malloc((len ? len : 1) * sizeof *j->fdmap);
  if (!j->fdmap) {
    napi_throw_error(env, "ENOMEM", "out of memory");
    goto fail;
  }
  memcpy(j->fdmap, fdmap, len * sizeof *j->fdmap);
  j->req.file = j->o.file;
  j->req.argv = j->o.argv;
  j->req.cwd = j->o.cwd;
  j->req.envp = j->o.envp;
  j->req.fdmap = j->fdmap;
  j->req.npairs = len / 2;
  return j;
fail:
  job_free(j);
  return NULL;
}

/* spawn(file, argv, cwd | null, env, fdmap, setsid, newgroup) -> pid */
napi_value js_spawn(napi_env env, napi_callback_info info) {
  napi_value a[7], r;
  struct spawn_job *j;
  if (!args_get(env, info, 7, a) || !(j = job_read(env, a))) return NULL;
  r = spawn_child(&j->req, &j->pid, &j->fail) == 0 ? make_int(env, j->pid)
                                                    : throw_sysfail(env, &j->fail);
  job_free(j);
  return r;
}

/* On a libuv pool thread: posix_spawn waits there, not in the event loop,
 * until the child has exec'd. */
static void job_execute(napi_env env, void *data) {
  struct spawn_job *j = data;
  (void)env;
  j->result = spawn_child(&j->req, &j->pid, &j->fail);
}

/* What the callback gets: (null, pid) or (error, undefined). Building
 * either can fail (N-API out of memory); the callback must still run, or its
 * caller would wait for it forever (the Reaper would never reap again). */
static bool job_args(napi_env env, struct spawn_job *j, napi_value *args) {
  if (j->result == 0) {
    args[1] = fault_take(FAULT_SPAWN_PID) ? NULL : make_int(env, j->pid);
    if (args[1] && napi_get_null(env, &args[0]) == napi_ok) return true;
    /* A child whose pid JavaScript cannot be told would run unsupervised:
     * kill it, so that it is reaped as an orphan, and report a failure. */
    clear_exception(env);
    kill(j->pid, SIGKILL);
    j->result = sysfail_set(&j->fail, ENOMEM, "spawn", j->req.file);
  }
  args[0] = fault_take(FAULT_SPAWN_ERROR) ? NULL : make_sysfail(env, &j->fail);
  if (!args[0]) {
    clear_exception(env);
    if (napi_get_reference_value(env, j->fallback, &args[0]) != napi_ok) return false;
  }
  return napi_get_undefined(env, &args[1]) == napi_ok;
}

static void job_complete(napi_env env, napi_status status, void *data) {
  struct spawn_job *j = data;
  napi_value cb, recv, args[2];
  if (status != napi_ok && j->result == 0) {
    /* Never ran (cancelled): no child exists. */
    j->result = sysfail_set(&j->fail, ECANCELED, "spawn", j->req.file);
  }
  /* These fail only on invalid arguments, and a reference we hold is valid.
   * Should they fail anyway, carrying on would leave a spawn forever in
   * flight and every child unreaped: better stop here, loudly. */
  if (!job_args(env, j, args) || napi_get_reference_value(env, j->callback, &cb) != napi_ok ||
      napi_get_undefined(env, &recv) != napi_ok)
    napi_fatal_error("ts6:spawn", NAPI_AUTO_LENGTH, "unable to call back with a spawn's outcome", NAPI_AUTO_LENGTH);
  /* What the callback throws is left pending: Node reports it as uncaught. */
  napi_call_function(env, recv, cb, 2, args, NULL);
  napi_delete_reference(env, j->callback);
  napi_delete_reference(env, j->fallback);
  napi_delete_async_work(env, j->work);
  job_free(j);
}

/* spawnAsync(file, argv, cwd | null, env, fdmap, setsid, newgroup, callback(err, pid)).
 * The fds in fdmap and cwd must stay open until the callback runs. */
napi_value js_spawn_async(napi_env env, napi_callback_info info) {
  napi_value a[8], name, fallback;
  napi_valuetype type;
  struct spawn_job *j;
  struct sysfail oom;
  if (!args_get(env, info, 8, a)) return NULL;
  if (napi_typeof(env, a[7], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "expected a callback");
    return NULL;
  }
  if (!(j = job_read(env, a))) return NULL;
  sysfail_set(&oom, ENOMEM, "spawn", NULL);
  if (napi_create_string_utf8(env, "ts6:spawn", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      !(fallback = make_sysfail(env, &oom)) || napi_create_reference(env, fallback, 1, &j->fallback) != napi_ok)
    goto fail;
  if (napi_create_reference(env, a[7], 1, &j->callback) != napi_ok) goto unref_fallback;
  if (napi_create_async_work(env, NULL, name, job_execute, job_complete, j, &j->work) != napi_ok) goto unref;
  if (napi_queue_async_work(env, j->work) != napi_ok) {
    napi_delete_async_work(env, j->work);
    goto unref;
  }
  return make_undefined(env);
unref:
  napi_delete_reference(env, j->callback);
unref_fallback:
  napi_delete_reference(env, j->fallback);
fail:
  job_free(j);
  clear_exception(env);
  napi_throw_error(env, NULL, "unable to queue a spawn");
  return NULL;
}
