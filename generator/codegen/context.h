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

/* The same context in two parts, so that a caller can hold one file's
 * tables at a time (generate; docs/templates.md, "Memory").
 *
 * context_prepare makes, in `a`, the root without the tables' maps (its
 * `tables` is empty) and what each table's map needs of the others. It
 * makes every check and claims every name that context_build does, so it
 * fails where that fails, with the same errors, and a schema it accepts
 * cannot fail later. Its own peak is about one table's map. */
typedef struct context_schema context_schema;
context_schema *context_prepare(arena *a, const ir_schema *s, const char *version, diag *d);
tree *context_root(const context_schema *cs);

/* The maps of the tables indexes[0..n) (indexes into the schema's tables),
 * as a new list allocated in `a`: the same maps as context_build's, so a
 * caller can drop them with `a` (arena_reset) and make the next. */
tree *context_tables(context_schema *cs, arena *a, const size_t *indexes, size_t n);

#endif
