#ifndef TS6_ARGS_H
#define TS6_ARGS_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysfail.h"

/* Every getter returns false (or NULL) with a JavaScript exception pending,
 * so a binding only has to return NULL when one fails. */
bool args_get(napi_env env, napi_callback_info info, size_t n, napi_value *argv);
bool arg_int(napi_env env, napi_value v, int *out);
bool arg_bool(napi_env env, napi_value v, bool *out);
char *arg_string(napi_env env, napi_value v);
char *arg_string_or_null(napi_env env, napi_value v, bool *ok);
char **arg_strings(napi_env env, napi_value v);
void strings_free(char **v);

/* Strings copied out of JavaScript for a spawn or an exec, freed together. */
struct owned_strings {
  char *file, *cwd;
  char **argv, **envp;
};
void owned_free(struct owned_strings *o);
bool arg_int32_array(napi_env env, napi_value v, const int32_t **data, size_t *len);

napi_value make_int(napi_env env, int v);
napi_value make_bool(napi_env env, bool v);
napi_value make_undefined(napi_env env);

/* Throws a plain {errno, syscall, path} object; the TypeScript side turns it
 * into an error shaped like Node's own. Returns NULL for `return throw_...`. */
napi_value throw_sysfail(napi_env env, const struct sysfail *f);
/* The same object, returned instead of thrown; NULL when out of memory. */
napi_value make_sysfail(napi_env env, const struct sysfail *f);
napi_value throw_errno(napi_env env, int err, const char *syscall, const char *path);

#endif
