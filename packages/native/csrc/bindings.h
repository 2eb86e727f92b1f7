#ifndef TS6_BINDINGS_H
#define TS6_BINDINGS_H

#include <node_api.h>
#include <stdbool.h>

napi_value js_spawn(napi_env env, napi_callback_info info);
napi_value js_reserve_spawn_slots(napi_env env, napi_callback_info info);
napi_value js_execve(napi_env env, napi_callback_info info);
napi_value js_reap(napi_env env, napi_callback_info info);
napi_value js_set_subreaper(napi_env env, napi_callback_info info);
napi_value js_inject_fault(napi_env env, napi_callback_info info);

napi_value js_pipe(napi_env env, napi_callback_info info);
napi_value js_dup(napi_env env, napi_callback_info info);
napi_value js_tcsetpgrp(napi_env env, napi_callback_info info);
napi_value js_getpgrp(napi_env env, napi_callback_info info);
napi_value js_isatty(napi_env env, napi_callback_info info);
napi_value js_ignore_job_control_signals(napi_env env, napi_callback_info info);
napi_value js_dup2(napi_env env, napi_callback_info info);
napi_value js_cloexec_from(napi_env env, napi_callback_info info);
napi_value js_set_nonblock(napi_env env, napi_callback_info info);
napi_value js_mkfifo(napi_env env, napi_callback_info info);

napi_value js_read_small(napi_env env, napi_callback_info info);
napi_value js_write_atomic(napi_env env, napi_callback_info info);
napi_value js_notify_fifodir(napi_env env, napi_callback_info info);
napi_value js_append_record(napi_env env, napi_callback_info info);

napi_value js_lock(napi_env env, napi_callback_info info);
napi_value js_test_lock(napi_env env, napi_callback_info info);

napi_value js_pidfd_open(napi_env env, napi_callback_info info);
napi_value js_watch_readable(napi_env env, napi_callback_info info);

/* Failures that tests cause on purpose: the code that handles them is
 * otherwise reached only when N-API runs out of memory. Each armed fault
 * fires once, at the next place that checks for it. */
enum ts6_fault {
  FAULT_SPAWN_PID = 2,   /* spawn cannot build the pid it returns */
  FAULT_REAP_ARRAY = 4,  /* reap cannot build the array it returns */
};
bool fault_take(enum ts6_fault f);

/* Clears a pending JavaScript exception, so that N-API can be called again. */
void clear_exception(napi_env env);

#endif
