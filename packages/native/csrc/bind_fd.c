#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "bindings.h"
#include "cloexec.h"

/* pipe() -> [read, write], both close-on-exec: a service only ever gets an
 * end through an explicit fd map. */
napi_value js_pipe(napi_env env, napi_callback_info info) {
  int fds[2];
  napi_value arr, r, w;
  (void)info;
  if (pipe2(fds, O_CLOEXEC) < 0) return throw_errno(env, errno, "pipe2", NULL);
  if (napi_create_array_with_length(env, 2, &arr) != napi_ok || !(r = make_int(env, fds[0])) ||
      !(w = make_int(env, fds[1])) || napi_set_element(env, arr, 0, r) != napi_ok ||
      napi_set_element(env, arr, 1, w) != napi_ok) {
    close(fds[0]);
    close(fds[1]);
    return NULL;
  }
  return arr;
}

/* dup2(oldfd, newfd) */
napi_value js_dup2(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int oldfd, newfd, r;
  if (!args_get(env, info, 2, a) || !arg_int(env, a[0], &oldfd) || !arg_int(env, a[1], &newfd))
    return NULL;
  /* EBUSY: another thread is between open() and installing that very fd
   * number; the kernel asks us to try again. */
  do r = dup2(oldfd, newfd);
  while (r < 0 && (errno == EINTR || errno == EBUSY));
  return r < 0 ? throw_errno(env, errno, "dup2", NULL) : make_undefined(env);
}

/* dup(fd): a close-on-exec copy, so that only an explicit spawn map hands it on. */
napi_value js_dup(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int fd, r;
  if (!args_get(env, info, 1, a) || !arg_int(env, a[0], &fd)) return NULL;
  r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  return r < 0 ? throw_errno(env, errno, "dup", NULL) : make_int(env, r);
}

/* cloexecFrom(lowfd) */
napi_value js_cloexec_from(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int lowfd;
  struct sysfail fail;
  if (!args_get(env, info, 1, a) || !arg_int(env, a[0], &lowfd)) return NULL;
  return cloexec_from(lowfd, &fail) < 0 ? throw_sysfail(env, &fail) : make_undefined(env);
}

/* setNonblock(fd, on) */
napi_value js_set_nonblock(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, flags, want;
  bool on;
  if (!args_get(env, info, 2, a) || !arg_int(env, a[0], &fd) || !arg_bool(env, a[1], &on))
    return NULL;
  flags = fcntl(fd, F_GETFL);
  if (flags < 0) return throw_errno(env, errno, "fcntl", NULL);
  want = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
  if (want != flags && fcntl(fd, F_SETFL, want) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return make_undefined(env);
}

/* mkfifo(path, mode) */
napi_value js_mkfifo(napi_env env, napi_callback_info info) {
  napi_value a[2], r;
  int mode;
  char *path;
  if (!args_get(env, info, 2, a) || !(path = arg_string(env, a[0]))) return NULL;
  if (!arg_int(env, a[1], &mode))
    r = NULL;
  else if (mkfifo(path, (mode_t)mode) < 0)
    r = throw_errno(env, errno, "mkfifo", path);
  else
    r = make_undefined(env);
  free(path);
  return r;
}
