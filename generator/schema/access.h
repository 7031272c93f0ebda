/* access: roles, grants and row-level security (docs/schema.md,
 * "Access"). Checked with the schema, diffed into GRANT/REVOKE, ALTER
 * TABLE ... ROW LEVEL SECURITY and CREATE/DROP POLICY changes, and turned
 * into SQL for the planner. */
#ifndef SCHEMAC_ACCESS_H
#define SCHEMAC_ACCESS_H

#include "diag.h"
#include "diff.h"
#include "ir.h"

/* Checks roles, grants and policies, and adds each table's derived
 * ownership policy. Called by validate_schema after the columns. */
void access_validate(ir_schema *s, diag *d);

/* A grant or revoke the diff found: `privileges` is SQL ("SELECT, INSERT",
 * "UPDATE (title, body)"), or for a sequence its name. */
typedef struct access_delta {
    const char *role;
    const char *privileges;
} access_delta;

/* Appends the access changes from `from` to `to`, with the tables paired
 * as the changes already in `out` pair them. */
void access_diff(const ir_schema *from, const ir_schema *to, diff_result *out);

/* The SQL of an access change (one statement). create_roles: a role that
 * does not exist is created NOLOGIN, instead of failing the migration. */
const char *access_sql(arena *a, const diff_change *c, bool create_roles);

#endif
