/* pgtest: helpers for tests that need PostgreSQL. They talk to the server
 * named by DATABASE_URL, which tests/pg/with_pg provides; a test gives itself
 * a fresh database so tests sharing one server never see each other's data.
 * These are test helpers: connection failures print why and exit(1). */
#ifndef SCHEMAC_PGTEST_H
#define SCHEMAC_PGTEST_H

#include <libpq-fe.h>

/* Connects to DATABASE_URL; prints why and exits 1 if it is unset or the
 * connection fails. Caller closes with PQfinish. */
PGconn *pgtest_connect(void);

/* Connects to conninfo (for instance one from pgtest_create_database);
 * prints why and exits 1 on failure. Caller closes with PQfinish. */
PGconn *pgtest_connect_to(const char *conninfo);

/* Creates an empty database named prefix_PID_N, unique on the server, and
 * returns a conninfo string that reaches it with the same host, port, user
 * and options as conn. Returns NULL (after printing why) on failure. Caller
 * frees the string with free() after pgtest_drop_database. */
char *pgtest_create_database(PGconn *conn, const char *prefix);

/* Drops the database that conninfo (from pgtest_create_database) names,
 * disconnecting any sessions still in it. Prints a message on failure. */
void pgtest_drop_database(PGconn *conn, const char *conninfo);

/* Runs sql (one or more statements, no parameters). Returns 0, or -1 after
 * printing the statement and the server's error to stderr. */
int pgtest_exec(PGconn *conn, const char *sql);

/* Runs a query and returns the first column of its first row, or NULL if it
 * failed (the error is printed), returned no rows, or the value is NULL.
 * Caller frees with free(). */
char *pgtest_query_value(PGconn *conn, const char *sql);

/* The main of a test of generated code: `argv[1]` is the schema's .sql,
 * run in a fresh database (prefix_PID_N) that `run` then gets, dropped
 * afterwards. Returns 0, or -1 after printing why (usage, connection, SQL). */
int pgtest_run_on_schema(int argc, char **argv, const char *prefix, void (*run)(PGconn *conn));

#endif
