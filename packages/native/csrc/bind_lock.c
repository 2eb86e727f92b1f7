#include <errno.h>
#include <fcntl.h>

#include "args.h"
#include "bindings.h"

/* Open file description locks, whole file. s6 clients probe with F_GETLK,
 * which sees these (flock(2) locks it would not); and unlike a classic
 * F_SETLK lock, closing some other fd of the same file in this process does
 * not drop it. The kernel requires l_pid to be 0, which the initializers
 * below leave it. */

static bool fd_arg(napi_env env, napi_callback_info info, int *fd) {
  napi_value a[1];
  return args_get(env, info, 1, a) && arg_int(env, a[0], fd);
}

/* lock(fd) -> true when acquired, false when someone else holds it */
napi_value js_lock(napi_env env, napi_callback_info info) {
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  int fd;
  if (!fd_arg(env, info, &fd)) return NULL;
  if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return make_bool(env, true);
  /* POSIX allows either errno for "held elsewhere". */
  if (errno == EAGAIN || errno == EACCES) return make_bool(env, false);
  return throw_errno(env, errno, "fcntl", NULL);
}

/* testLock(fd) -> true when another description or process holds a lock
 * that would conflict with a write lock */
napi_value js_test_lock(napi_env env, napi_callback_info info) {
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  int fd;
  if (!fd_arg(env, info, &fd)) return NULL;
  if (fcntl(fd, F_OFD_GETLK, &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return make_bool(env, fl.l_type != F_UNLCK);
}
