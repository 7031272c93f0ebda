/* context: a validated schema → the tree that code templates render
 * against. Everything a template needs is computed here — C types and
 * identifiers, SQL statements with quoted identifiers and $n placeholders,
 * column masks, first/last flags — so templates stay logic-less. Every field
 * is listed in docs/templates.md ("The template context"). It neither reads
 * nor writes files. */
#ifndef SCHEMAC_CONTEXT_H
#define SCHEMAC_CONTEXT_H

#include "arena.h"
#include "diag.h"
#include "ir.h"
#include "tree.h"

/* Most columns a table may have: PostgreSQL's own limit. Column masks are
 * one uint64_t for tables of up to 64 columns, arrays of them beyond. */
#define CONTEXT_MAX_COLUMNS 1600
#define CONTEXT_MASK_WORDS ((CONTEXT_MAX_COLUMNS + 63) / 64)

/* The context of `s` (which must be valid), allocated in `a`. `version` is
 * the schemac version named in the banner. NULL after reporting to `d` when
 * the schema cannot become C: a table with more than CONTEXT_MAX_COLUMNS
 * columns, or two generated identifiers that collide. */
tree *context_build(arena *a, const ir_schema *s, const char *version, diag *d);

#endif
