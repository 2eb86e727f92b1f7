#include <node_api.h>

#include "bindings.h"

#define FN(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL}

static napi_value init(napi_env env, napi_value exports) {
  static const napi_property_descriptor table[] = {
      FN("spawn", js_spawn),
      FN("reserveSpawnSlots", js_reserve_spawn_slots),
      FN("execve", js_execve),
      FN("reap", js_reap),
      FN("setSubreaper", js_set_subreaper),
      FN("pipe", js_pipe),
      FN("dup", js_dup),
      FN("tcsetpgrp", js_tcsetpgrp),
      FN("getpgrp", js_getpgrp),
      FN("isatty", js_isatty),
      FN("ignoreJobControlSignals", js_ignore_job_control_signals),
      FN("dup2", js_dup2),
      FN("cloexecFrom", js_cloexec_from),
      FN("setNonblock", js_set_nonblock),
      FN("mkfifo", js_mkfifo),
      FN("readSmall", js_read_small),
      FN("writeAtomic", js_write_atomic),
      FN("notifyFifodir", js_notify_fifodir),
      FN("appendRecord", js_append_record),
      FN("lock", js_lock),
      FN("testLock", js_test_lock),
      FN("pidfdOpen", js_pidfd_open),
      FN("watchReadable", js_watch_readable),
      FN("injectFault", js_inject_fault),
  };
  if (napi_define_properties(env, exports, sizeof table / sizeof *table, table) != napi_ok)
    return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
