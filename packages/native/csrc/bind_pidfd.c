#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uv.h>

#include "args.h"
#include "bindings.h"

/* A process that is not our child (one adopted from a supervisor that died)
 * cannot be waited for; a pidfd can: it becomes readable when the process
 * exits, and no pid reuse can fool it. */

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* pidfdOpen(pid) -> fd, close-on-exec (pidfd_open always makes it so) */
napi_value js_pidfd_open(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int pid;
  if (!args_get(env, info, 1, a) || !arg_int(env, a[0], &pid)) return NULL;
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return throw_errno(env, errno, "pidfd_open", NULL);
  return make_int(env, fd);
}

struct readable_watch {
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  bool stopped;
  /* Where the stop function finds this watch; NULL once either side is gone. */
  struct readable_watch **slot;
};

static void on_closed(uv_handle_t *h) {
  free(h->data);
}

/* Stops the watch once: the callback is released, the poll handle closed
 * (freed by libuv's close callback). The fd stays the caller's. */
static void watch_stop(struct readable_watch *w) {
  if (w->stopped) return;
  w->stopped = true;
  if (w->slot != NULL) *w->slot = NULL;
  uv_poll_stop(&w->poll);
  napi_delete_reference(w->env, w->callback);
  napi_async_destroy(w->env, w->context);
  uv_close((uv_handle_t *)&w->poll, on_closed);
}

static void on_readable(uv_poll_t *p, int status, int events) {
  (void)status;
  (void)events;
  struct readable_watch *w = p->data;
  if (w->stopped) return;
  napi_env env = w->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb, recv;
  bool ok = napi_get_reference_value(env, w->callback, &cb) == napi_ok &&
            napi_get_global(env, &recv) == napi_ok;
  napi_async_context context = w->context;
  /* One report per watch: a pidfd stays readable once the process is gone. */
  w->context = NULL;
  napi_ref ref = w->callback;
  w->callback = NULL;
  w->stopped = true;
  if (w->slot != NULL) *w->slot = NULL;
  uv_poll_stop(&w->poll);
  uv_close((uv_handle_t *)&w->poll, on_closed);
  if (ok) napi_make_callback(env, context, recv, cb, 0, NULL, NULL);
  napi_delete_reference(env, ref);
  napi_async_destroy(env, context);
  napi_close_handle_scope(env, scope);
}

static napi_value js_watch_stop(napi_env env, napi_callback_info info) {
  void *data;
  if (napi_get_cb_info(env, info, NULL, NULL, NULL, &data) != napi_ok) return NULL;
  struct readable_watch **slot = data;
  if (*slot != NULL) watch_stop(*slot);
  return make_undefined(env);
}

static void free_slot(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  struct readable_watch **slot = data;
  if (*slot != NULL) (*slot)->slot = NULL;
  free(slot);
}

/* watchReadable(fd, callback) -> stop(): callback() once, in a later loop
 * turn, when fd becomes readable (or fails: a poll error is an end too). */
napi_value js_watch_readable(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd;
  if (!args_get(env, info, 2, a) || !arg_int(env, a[0], &fd)) return NULL;
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) return NULL;
  struct readable_watch *w = calloc(1, sizeof *w);
  struct readable_watch **slot = calloc(1, sizeof *slot);
  if (w == NULL || slot == NULL) {
    free(w);
    free(slot);
    return throw_errno(env, ENOMEM, "malloc", NULL);
  }
  w->env = env;
  int r = uv_poll_init(loop, &w->poll, fd);
  if (r < 0) {
    free(w);
    free(slot);
    return throw_errno(env, -r, "uv_poll_init", NULL);
  }
  w->poll.data = w;
  napi_value name;
  napi_create_string_utf8(env, "ts6.readable", NAPI_AUTO_LENGTH, &name);
  if (napi_create_reference(env, a[1], 1, &w->callback) != napi_ok ||
      napi_async_init(env, NULL, name, &w->context) != napi_ok) {
    uv_close((uv_handle_t *)&w->poll, on_closed);
    free(slot);
    return NULL;
  }
  r = uv_poll_start(&w->poll, UV_READABLE | UV_DISCONNECT, on_readable);
  if (r < 0) {
    watch_stop(w);
    free(slot);
    return throw_errno(env, -r, "uv_poll_start", NULL);
  }
  *slot = w;
  w->slot = slot;
  napi_value stop;
  if (napi_create_function(env, "stop", NAPI_AUTO_LENGTH, js_watch_stop, slot, &stop) != napi_ok) return NULL;
  napi_add_finalizer(env, stop, slot, free_slot, NULL, NULL);
  return stop;
}
