/* cli: what the command files share: loading and validating schemas from
 * arguments, rendering diagnostics, usage errors. */
#ifndef SCHEMAC_CLI_H
#define SCHEMAC_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "load.h"
#include "plan.h"

/* -h / --help */
bool cli_is_help(const char *arg);
/* Prints "schemac CMD: message" and the usage line; returns EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The name in `names` closest to `word` by edit distance, for "did you
 * mean"; NULL when none is close enough to be a likely typo. */
const char *cli_closest(const char *word, const char *const *names, size_t n);
/* Prints "WHO: unknown WHAT 'word'", with "; did you mean 'x'?" when a
 * name in `names` is close (cli_closest). */
void cli_unknown(const char *who, const char *what, const char *word, const char *const *names,
                 size_t n);
/* Loads and validates every schema named by paths. Returns 0 or -1. */
int cli_load_schemas(char *const *paths, size_t n, load_set *set, diag *d);
/* As cli_load_schemas, for commands that take exactly one schema; `for_c`:
 * the command makes C, so the C identifiers must not clash (else they are
 * not checked: validate_schema_sql). */
ir_schema *cli_load_one_schema(char *const *paths, size_t n, bool for_c, load_set *set, diag *d);
/* Appends the script that creates `s` in an empty database: the plan of
 * diff(empty, s) with `opts` (NULL: the defaults), under a one-line
 * banner. What `schemac sql` prints and `schemac generate` writes to
 * NAME.sql. Returns 0, or -1 after reporting. */
int cli_create_script(const ir_schema *s, const plan_options *opts, buf *out, diag *d);
/* Asks the server what the views of the schemas read (depends.h), over
 * `db` or else $DATABASE_URL; does nothing for schemas without views.
 * Commands that plan call it before diff_schemas. Returns 0 or -1. */
int cli_find_dependencies(ir_schema *const *schemas, size_t n, const char *db, diag *d);
/* One side of a two-schema command (diff, migrate new): `path` is schema
 * files or a directory, or "empty" for a schema with no objects. */
typedef struct cli_side {
    const char *path;
    load_set set;
    ir_schema *schema; /* NULL on error */
    ir_schema *empty;  /* owned when path is "empty" */
    diag diag;
} cli_side;

/* Loads both sides at once, on two threads: parsing YAML is most of the
 * time of a diff. Diagnostics stay in each side's diag. Returns 0 when
 * both loaded. Free with cli_free_side. */
int cli_load_pair(cli_side *a, cli_side *b);
void cli_free_side(cli_side *side);

/* Renders diagnostics to stderr (colour on a TTY unless NO_COLOR or TERM=dumb). */
void cli_render(diag *d);

#endif
