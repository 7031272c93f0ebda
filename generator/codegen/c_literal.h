/* c_literal: a string as a C string literal, for generated code. */
#ifndef SCHEMAC_C_LITERAL_H
#define SCHEMAC_C_LITERAL_H

#include <stdbool.h>

#include "arena.h"

/* `s` as a C string literal with its quotes, in arena `a`. Quotes,
 * backslashes and control characters are escaped, and every `?` too, so
 * that no trigraph can form. With `break_lines`, each newline also ends
 * the literal and the next line starts another (the compiler joins them),
 * so long SQL reads as it was written. */
const char *c_literal(arena *a, const char *s, bool break_lines);

#endif
