/* validate: semantic checks over a loaded schema, and the derived facts
 * that later stages rely on (timestamp/soft-delete columns, resolved
 * references, constraint/index names, FK indexes, C names). Runs after all
 * files of a schema are loaded; reports every problem it finds. */
#ifndef SCHEMAC_VALIDATE_H
#define SCHEMAC_VALIDATE_H

#include "diag.h"
#include "ir.h"

/* Returns 0 when the schema is valid, -1 after reporting errors. */
int validate_schema(ir_schema *s, diag *d);
/* The same but for the clashes between the C identifiers generated code
 * would make: what the commands that make SQL, not C, need (tables `item`
 * and `item_list` are a fine database, though `generate` refuses them).
 * validate_c_names reports those clashes afterwards. */
int validate_schema_sql(ir_schema *s, diag *d);
int validate_c_names(ir_schema *s, diag *d);

/* Called for each C identifier generated code makes from a schema's names,
 * with the object it is made for ("table `users`") and that object's
 * position (none for the generated code's own names). */
typedef void validate_c_name_fn(void *arg, const char *identifier, const char *owner,
                                src_pos pos);
/* Lists every file-scope C identifier the C templates make, or may make,
 * for `s` once validate_schema has set its C names: the one list behind
 * validate's clash checks (docs/c-api.md §13). Strings live in `a`. */
void validate_each_c_name(const ir_schema *s, arena *a, validate_c_name_fn *fn, void *arg);

/* A file-scope name of the generated source's runtime (params, decoder,
 * fetch_one...): a function parameter of that name would hide it. */
bool validate_is_runtime_name(const char *name);

/* Checks a literal default against a type: NULL when it fits, else why not
 * (a static string or one allocated in `a`). */
const char *validate_default(arena *a, const ir_type *t, const ir_default *def);

#endif
