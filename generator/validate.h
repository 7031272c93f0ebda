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

/* Checks a literal default against a type: NULL when it fits, else why not
 * (a static string or one allocated in `a`). */
const char *validate_default(arena *a, const ir_type *t, const ir_default *def);

#endif
