/* depends: asks PostgreSQL what the views of a schema read. In one
 * transaction that is always rolled back, it creates the schema's enums,
 * tables and functions in a scratch namespace (schemac_depends), then the
 * views, in rounds, until each exists (a view fails with undefined_table
 * until the views it reads are there) and their indexes, and reads pg_depend and
 * pg_get_viewdef. schemac never parses the views' SQL itself. Any database
 * serves: nothing is left behind. */
#ifndef SCHEMAC_DEPENDS_H
#define SCHEMAC_DEPENDS_H

#include "diag.h"
#include "ir.h"

/* Fills the reads and definitions of the views of each schema that has
 * views (and sets dependencies_found), over one connection to `conninfo`
 * (NULL or "": libpq's defaults). Errors in a view's SQL are reported at
 * the view. Returns 0, or -1 after reporting. */
int depends_find(ir_schema *const *schemas, size_t n, const char *conninfo, diag *d);

#endif
