/* query_cache: the description cache, a text file committed beside the
 * queries so that a machine without a PostgreSQL server can generate.
 * It holds what query_describe found (parameter and result types,
 * nullability) under a key: the SHA-256 of the schema's creation script
 * and of every query file. Deterministic: the same inputs give the same
 * bytes. */
#ifndef SCHEMAC_QUERY_CACHE_H
#define SCHEMAC_QUERY_CACHE_H

#include "query.h"

#define QUERY_CACHE_FILE "schemac-queries.cache"

/* The key of `set` described against the database that `create_sql`
 * makes, in out (65 bytes, hex). */
void query_cache_key(const query_set *set, const char *create_sql, char out[65]);
/* The cache's text for the described set. */
void query_cache_format(const query_set *set, const char *key, buf *out);
/* Fills the types of set from the cache text when its key is `key`:
 * returns 1 when it did, 0 when the cache is for other inputs (stale),
 * -1 after reporting a malformed cache. */
int query_cache_apply(query_set *set, arena *a, const char *path, const char *text,
                      const char *key, diag *d);

#endif
