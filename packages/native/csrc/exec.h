#ifndef TS6_EXEC_H
#define TS6_EXEC_H

#include "sysfail.h"

/* execve with default dispositions for every signal, an empty signal mask and
 * no fd above 2. Returns only on failure (-1, *fail filled), after putting
 * signal dispositions and the mask back so the caller can still report it. */
int exec_clean(const char *file, char *const argv[], char *const envp[], struct sysfail *fail);

#endif
