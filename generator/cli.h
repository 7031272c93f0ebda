/* cli: what the command files share: loading and validating schemas from
 * arguments, rendering diagnostics, usage errors. */
#ifndef SCHEMAC_CLI_H
#define SCHEMAC_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "load.h"

/* -h / --help */
bool cli_is_help(const char *arg);
/* Prints "schemac CMD: message" and the usage line; returns EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Loads and validates every schema named by paths. Returns 0 or -1. */
int cli_load_schemas(char *const *paths, size_t n, load_set *set, diag *d);
/* As cli_load_schemas, for commands that take exactly one schema. */
ir_schema *cli_load_one_schema(char *const *paths, size_t n, load_set *set, diag *d);
/* Appends the script that creates `s` in an empty database: the plan of
 * diff(empty, s), under a one-line banner. What `schemac sql` prints and
 * `schemac generate` writes to NAME.sql. */
void cli_create_script(const ir_schema *s, buf *out);
/* Renders diagnostics to stderr (colour on a TTY unless NO_COLOR). */
void cli_render(diag *d);

#endif
