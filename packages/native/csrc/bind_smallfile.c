#include <errno.h>
#include <stdlib.h>

#include "args.h"
#include "bindings.h"
#include "smallfile.h"

/* The protocol's files are a few dozen bytes; death_tally, the largest, 4 KB. */
#define SMALL_MAX 65536

static bool arg_bytes(napi_env env, napi_value v, void **data, size_t *len) {
  bool is;
  if (napi_is_buffer(env, v, &is) != napi_ok || !is) {
    napi_throw_type_error(env, NULL, "expected a Buffer");
    return false;
  }
  return napi_get_buffer_info(env, v, data, len) == napi_ok;
}

/* readSmall(path, max) -> Buffer, or null when the file does not exist */
napi_value js_read_small(napi_env env, napi_callback_info info) {
  napi_value a[2], r = NULL;
  struct sysfail fail;
  int max, absent;
  char *path, *buf;
  ssize_t n;
  if (!args_get(env, info, 2, a) || !arg_int(env, a[1], &max)) return NULL;
  if (max < 0 || max > SMALL_MAX) {
    napi_throw_range_error(env, NULL, "max must be in 0..65536");
    return NULL;
  }
  if (!(path = arg_string(env, a[0]))) return NULL;
  if (!(buf = malloc(max > 0 ? (size_t)max : 1))) {
    free(path);
    return throw_errno(env, ENOMEM, "malloc", NULL);
  }
  n = small_read(path, buf, (size_t)max, &absent, &fail);
  if (n < 0)
    throw_sysfail(env, &fail);
  else if (absent)
    napi_get_null(env, &r);
  else if (napi_create_buffer_copy(env, (size_t)n, buf, NULL, &r) != napi_ok)
    r = NULL;
  free(buf);
  free(path);
  return r;
}

/* (path, Buffer): the path is the caller's to free. */
static char *args_path_bytes(napi_env env, napi_callback_info info, void **data, size_t *len) {
  napi_value a[2];
  if (!args_get(env, info, 2, a) || !arg_bytes(env, a[1], data, len)) return NULL;
  return arg_string(env, a[0]);
}

/* writeAtomic(path, data) */
napi_value js_write_atomic(napi_env env, napi_callback_info info) {
  struct sysfail fail;
  napi_value r;
  void *data;
  size_t len;
  char *path = args_path_bytes(env, info, &data, &len);
  if (!path) return NULL;
  r = atomic_write(path, data, len, &fail) < 0 ? throw_sysfail(env, &fail) : make_undefined(env);
  free(path);
  return r;
}

/* notifyFifodir(dir, data) -> listeners that got all of data */
napi_value js_notify_fifodir(napi_env env, napi_callback_info info) {
  struct sysfail fail;
  napi_value r;
  void *data;
  size_t len;
  int n;
  char *dir = args_path_bytes(env, info, &data, &len);
  if (!dir) return NULL;
  n = fifodir_notify(dir, data, len, &fail);
  r = n < 0 ? throw_sysfail(env, &fail) : make_int(env, n);
  free(dir);
  return r;
}

/* appendRecord(path, record, keep, maxBytes) */
napi_value js_append_record(napi_env env, napi_callback_info info) {
  napi_value a[4], r;
  struct sysfail fail;
  void *rec;
  size_t len;
  int keep, max_bytes;
  char *path;
  if (!args_get(env, info, 4, a) || !arg_bytes(env, a[1], &rec, &len) || !arg_int(env, a[2], &keep) ||
      !arg_int(env, a[3], &max_bytes))
    return NULL;
  if (len == 0 || keep < 1 || max_bytes < 0 || max_bytes > SMALL_MAX) {
    napi_throw_range_error(env, NULL, "a record of at least one byte, keep >= 1, maxBytes in 0..65536");
    return NULL;
  }
  if (!(path = arg_string(env, a[0]))) return NULL;
  r = record_append(path, rec, len, (size_t)keep, (size_t)max_bytes, &fail) < 0 ? throw_sysfail(env, &fail)
                                                                                  : make_undefined(env);
  free(path);
  return r;
}
