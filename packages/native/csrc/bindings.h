#ifndef TS6_BINDINGS_H
#define TS6_BINDINGS_H

#include <node_api.h>

napi_value js_spawn(napi_env env, napi_callback_info info);
napi_value js_spawn_async(napi_env env, napi_callback_info info);
napi_value js_execve(napi_env env, napi_callback_info info);
napi_value js_reap(napi_env env, napi_callback_info info);
napi_value js_set_subreaper(napi_env env, napi_callback_info info);
napi_value js_is_subreaper(napi_env env, napi_callback_info info);

napi_value js_pipe(napi_env env, napi_callback_info info);
napi_value js_dup(napi_env env, napi_callback_info info);
napi_value js_tcsetpgrp(napi_env env, napi_callback_info info);
napi_value js_getpgrp(napi_env env, napi_callback_info info);
napi_value js_ignore_job_control_signals(napi_env env, napi_callback_info info);
napi_value js_dup2(napi_env env, napi_callback_info info);
napi_value js_cloexec_from(napi_env env, napi_callback_info info);
napi_value js_set_nonblock(napi_env env, napi_callback_info info);
napi_value js_mkfifo(napi_env env, napi_callback_info info);

napi_value js_lock(napi_env env, napi_callback_info info);
napi_value js_unlock(napi_env env, napi_callback_info info);
napi_value js_test_lock(napi_env env, napi_callback_info info);

napi_value js_pidfd_open(napi_env env, napi_callback_info info);
napi_value js_watch_readable(napi_env env, napi_callback_info info);

#endif
