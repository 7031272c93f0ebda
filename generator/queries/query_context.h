/* query_context: described queries → the template context of
 * NAME.queries.h and NAME.queries.c (templates queries_header and
 * queries_source; fields listed in docs/queries.md). */
#ifndef SCHEMAC_QUERY_CONTEXT_H
#define SCHEMAC_QUERY_CONTEXT_H

#include "ir.h"
#include "query.h"
#include "tree.h"

/* The context, or NULL after reporting a type without a C mapping or a
 * result column whose name is no C identifier. */
tree *query_context(arena *a, const ir_schema *s, const query_set *set, const char *version,
                    diag *d);

#endif
