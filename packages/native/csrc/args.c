#include "args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* N-API reports a value of the wrong type as a status, not as an exception:
 * raise one, or the binding would carry on with garbage. */
static bool check(napi_env env, napi_status status, const char *what) {
  bool pending = false;
  if (status == napi_ok) return true;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending)
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", what);
  return false;
}

bool args_get(napi_env env, napi_callback_info info, size_t n, napi_value *argv) {
  size_t argc = n;
  if (!check(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL), "bad call"))
    return false;
  if (argc < n) {
    napi_throw_type_error(env, "ERR_MISSING_ARGS", "missing arguments");
    return false;
  }
  return true;
}

bool arg_int(napi_env env, napi_value v, int *out) {
  int32_t i;
  if (!check(env, napi_get_value_int32(env, v, &i), "expected an integer")) return false;
  *out = i;
  return true;
}

bool arg_bool(napi_env env, napi_value v, bool *out) {
  return check(env, napi_get_value_bool(env, v, out), "expected a boolean");
}

char *arg_string(napi_env env, napi_value v) {
  size_t len;
  char *s;
  if (!check(env, napi_get_value_string_utf8(env, v, NULL, 0, &len), "expected a string"))
    return NULL;
  s = malloc(len + 1);
  if (!s) {
    throw_errno(env, ENOMEM, "malloc", NULL);
    return NULL;
  }
  if (!check(env, napi_get_value_string_utf8(env, v, s, len + 1, &len), "expected a string")) {
    free(s);
    return NULL;
  }
  /* The kernel would silently stop at an embedded NUL and act on another file. */
  if (strlen(s) != len) {
    free(s);
    napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "string contains a NUL byte");
    return NULL;
  }
  return s;
}

char *arg_string_or_null(napi_env env, napi_value v, bool *ok) {
  napi_valuetype type;
  *ok = check(env, napi_typeof(env, v, &type), "expected a string or null");
  if (!*ok || type == napi_null) return NULL;
  char *s = arg_string(env, v);
  *ok = s != NULL;
  return s;
}

char **arg_strings(napi_env env, napi_value v) {
  uint32_t n;
  char **out;
  if (!check(env, napi_get_array_length(env, v, &n), "expected an array of strings"))
    return NULL;
  out = calloc((size_t)n + 1, sizeof *out);
  if (!out) {
    throw_errno(env, ENOMEM, "malloc", NULL);
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    if (!check(env, napi_get_element(env, v, i, &e), "expected an array of strings") ||
        !(out[i] = arg_string(env, e))) {
      strings_free(out);
      return NULL;
    }
  }
  return out;
}

void strings_free(char **v) {
  if (!v) return;
  for (char **p = v; *p; p++) free(*p);
  free(v);
}

void owned_free(struct owned_strings *o) {
  free(o->file);
  free(o->cwd);
  strings_free(o->argv);
  strings_free(o->envp);
}

bool arg_int32_array(napi_env env, napi_value v, const int32_t **data, size_t *len) {
  bool is_typed = false;
  napi_typedarray_type type;
  void *p;
  if (!check(env, napi_is_typedarray(env, v, &is_typed), "expected an Int32Array")) return false;
  if (is_typed &&
      !check(env, napi_get_typedarray_info(env, v, &type, len, &p, NULL, NULL),
             "expected an Int32Array"))
    return false;
  if (!is_typed || type != napi_int32_array) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "expected an Int32Array");
    return false;
  }
  *data = p;
  return true;
}

napi_value make_int(napi_env env, int v) {
  napi_value r;
  return napi_create_int32(env, v, &r) == napi_ok ? r : NULL;
}

napi_value make_bool(napi_env env, bool v) {
  napi_value r;
  return napi_get_boolean(env, v, &r) == napi_ok ? r : NULL;
}

napi_value make_undefined(napi_env env) {
  napi_value r;
  return napi_get_undefined(env, &r) == napi_ok ? r : NULL;
}

static bool set_string(napi_env env, napi_value obj, const char *key, const char *val) {
  napi_value s;
  return napi_create_string_utf8(env, val, NAPI_AUTO_LENGTH, &s) == napi_ok &&
         napi_set_named_property(env, obj, key, s) == napi_ok;
}

napi_value make_sysfail(napi_env env, const struct sysfail *f) {
  napi_value obj, err;
  if (napi_create_object(env, &obj) != napi_ok ||
      napi_create_int32(env, f->err, &err) != napi_ok ||
      napi_set_named_property(env, obj, "errno", err) != napi_ok ||
      !set_string(env, obj, "syscall", f->syscall) ||
      (f->path && !set_string(env, obj, "path", f->path)))
    return NULL;
  return obj;
}

napi_value throw_sysfail(napi_env env, const struct sysfail *f) {
  napi_value obj = make_sysfail(env, f);
  if (!obj) {
    napi_throw_error(env, NULL, "out of memory while reporting a system error");
    return NULL;
  }
  napi_throw(env, obj);
  return NULL;
}

napi_value throw_errno(napi_env env, int err, const char *syscall, const char *path) {
  struct sysfail f = {err, syscall, path};
  return throw_sysfail(env, &f);
}
