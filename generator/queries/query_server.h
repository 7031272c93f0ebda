/* query_server: a throwaway PostgreSQL server for describing queries,
 * started by schemac itself: initdb into a private temporary directory,
 * then pg_ctl start listening only on a unix socket in it (no TCP, trust
 * authentication safe because the directory is 0700). As root, initdb and
 * the server run as SCHEMAC_PG_RUN_AS, the `postgres` user, or `nobody`,
 * as tests/pg/with_pg does. Stopped (immediately) and deleted by
 * query_server_stop. */
#ifndef SCHEMAC_QUERY_SERVER_H
#define SCHEMAC_QUERY_SERVER_H

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"

typedef struct query_server {
    char dir[256];       /* the temporary directory ("" when none) */
    char conninfo[512];  /* to connect to its `postgres` database */
    char bindir[512];
    bool running;
} query_server;

/* Whether PostgreSQL's server programs can be found (SCHEMAC_PG_BINDIR,
 * `pg_config --bindir`, the highest /usr/lib/postgresql/N/bin, PATH). */
bool query_server_available(void);
/* Starts one. Returns 0, or -1 after reporting (query_server_stop is
 * needed either way). */
int query_server_start(query_server *s, diag *d);
void query_server_stop(query_server *s);

#endif
