/* query_describe: the types of queries, asked of a server whose database
 * has the schema: each statement prepared (a failure reported at its
 * file:line:col, from the server's error position) and described
 * (PQdescribePrepared: parameter and result types, result names, the table
 * column each result comes from). Result nullability comes from the
 * schema: a plain NOT NULL column of a table that no outer join makes
 * optional (read from the generic plan) is NOT NULL; every other result
 * (expressions, aggregates, outer-join sides) is nullable, unless the
 * annotation overrides it. */
#ifndef SCHEMAC_QUERY_DESCRIBE_H
#define SCHEMAC_QUERY_DESCRIBE_H

#include <libpq-fe.h>

#include "ir.h"
#include "query.h"

/* Prepares and describes every query of set on conn (statements named
 * schemac_query_N, left prepared for query_vet). `s` supplies NOT NULL
 * (NULL: the server's attnotnull). Returns 0, or -1 after reporting every
 * query that failed. */
int query_describe(query_set *set, PGconn *conn, const ir_schema *s, arena *a, diag *d);

/* Reports the server's error for q (res of a failed prepare) at the
 * statement position it names. Returns -1. */
int query_report_error(const query *q, const PGresult *res, diag *d, bool warning,
                       const char *context);

/* The generic plan of prepared statement `name` (n parameters) as
 * EXPLAIN (VERBOSE, FORMAT JSON) gives it, flattened: one row per plan node
 * with columns node type, relation, nullable side (t/f), has grouping
 * sets (t/f), filter, has an index condition (t/f). NULL after reporting. */
PGresult *query_plan_nodes(PGconn *conn, const char *name, size_t nparams, diag *d);

#endif
