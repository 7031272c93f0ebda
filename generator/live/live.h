/* live: what inspect, check and the online diff share to reach a live
 * database: one connection, queries counted (the benchmark reports them),
 * and passwords masked in everything that is printed about a connection. */
#ifndef SCHEMAC_LIVE_H
#define SCHEMAC_LIVE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct live_side live_side;

/* At most this many connections answer statements sent ahead. */
#define LIVE_SIDES 3

typedef struct live_db {
    PGconn *conn;
    const char *conninfo; /* as given (NULL: DATABASE_URL, else libpq's PG* defaults) */
    size_t queries;       /* round trips sent */
    arena arena;
    live_side *sides[LIVE_SIDES]; /* statements sent ahead (live_prefetch) */
} live_db;

/* Names the database (a conninfo string or URL; NULL or "": DATABASE_URL,
 * else libpq's defaults) without connecting: live_prefetch may then send
 * statements ahead before live_open connects. */
void live_init(live_db *db, const char *conninfo);
/* Opens the connection of a live_init'ed db. Returns 0, or -1 after
 * reporting with the password masked. */
int live_open(live_db *db, diag *d);
/* live_init and live_open; live_close is needed either way. */
int live_connect(live_db *db, const char *conninfo, diag *d);
void live_close(live_db *db);

/* Sends the statements sqls[0..n) ahead, one after another, on another
 * connection of its own thread, so that the server answers them while this
 * one works (at most LIVE_SIDES such connections; statements already sent
 * ahead are not sent twice). live_query, live_script or live_results given
 * the same text later take those results (waiting for them if need be)
 * instead of sending it. A statement the other connection could not run
 * (it failed to connect, or the server reported an error) is sent again on
 * this one, so results and errors are those of this connection but for
 * the moment each statement reads the catalog. live_close ends the
 * threads. */
void live_prefetch(live_db *db, const char *const *sqls, size_t n);

/* Runs one statement that returns rows. NULL after reporting. */
PGresult *live_query(live_db *db, const char *sql, diag *d);
/* Sends a script of several statements in one round trip and returns the
 * result of its last statement that returned rows (NULL after reporting
 * the first failure). */
PGresult *live_script(live_db *db, const char *sql, diag *d);

/* A value of a result: NULL for SQL NULL. */
const char *live_value(PGresult *r, int row, int col);
/* Is a boolean value true? */
bool live_yes(PGresult *r, int row, int col);

/* Sends several statements in one round trip; out[i] is the result of
 * the i-th statement that returned rows (at most n; the caller clears
 * them). Returns 0, or -1 after reporting the first failure (out is then
 * cleared). */
int live_results(live_db *db, const char *sql, PGresult **out, size_t n, diag *d);

/* `text` with every password hidden: the password of `conninfo` (as given
 * and percent-decoded), `user:secret@` in URLs and `password=secret` in
 * conninfo strings, each replaced by ****. Returns `text` itself when
 * nothing needs hiding, else a copy in `a`. */
const char *live_mask(arena *a, const char *text, const char *conninfo);

#endif
