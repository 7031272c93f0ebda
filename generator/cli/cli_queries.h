/* cli_queries: what generate and vet share about queries/NAME.sql: reading
 * them, a server to describe them on (--db, else a throwaway one schemac
 * starts), the schema created there in a scratch schema of a transaction
 * that is rolled back, and the description cache. */
#ifndef SCHEMAC_CLI_QUERIES_H
#define SCHEMAC_CLI_QUERIES_H

#include <libpq-fe.h>

#include "ir.h"
#include "query.h"
#include "query_server.h"

/* A server session with a transaction open (queries_session_open). */
typedef struct queries_session {
    query_server server;
    PGconn *conn;
} queries_session;

/* Connects to `db` (NULL: starts a throwaway server) and opens a
 * transaction. Returns 0, or -1 after reporting; close either way. */
int queries_session_open(queries_session *q, const char *db, diag *d);
/* Creates schema s (its tables' script) in a new scratch schema named
 * `scratch`, which becomes the search path. Returns 0 or -1. */
int queries_session_create(queries_session *q, const ir_schema *s, const char *scratch, diag *d);
void queries_session_close(queries_session *q);

/* The queries of `dir` for schema s, described: from dir's cache when it
 * holds these queries for this schema, else on a server (`db`, or a
 * throwaway one). In the second case *cache_path is set and cache_text
 * holds the new cache, for the caller to write once everything else
 * succeeded. Returns 0, or -1 after reporting. */
int cli_describe_queries(const ir_schema *s, const char *dir, const char *db, query_set *set,
                         arena *a, const char **cache_path, buf *cache_text, diag *d);

/* The SQL that creates s for describing queries: its tables' script. */
int cli_queries_script(const ir_schema *s, buf *out, diag *d);

#endif
