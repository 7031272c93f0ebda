/* pgtest: connections and throwaway databases for PostgreSQL tests; see
 * pgtest.h. Test-only code: it prints its own errors and may exit(). */
#include "pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"

#define SQLSTATE_DUPLICATE_DATABASE "42P04"
#define SQLSTATE_OBJECT_IN_USE "55006" /* template1 busy in CREATE DATABASE */

PGconn *pgtest_connect(void)
{
    const char *url = getenv("DATABASE_URL");
    if (!url || !*url) {
        fputs("pgtest: DATABASE_URL is not set; run this test through "
              "tests/pg/with_pg (meson test does)\n",
              stderr);
        exit(1);
    }
    return pgtest_connect_to(url);
}

PGconn *pgtest_connect_to(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (!conn) {
        fputs("pgtest: out of memory connecting to PostgreSQL\n", stderr);
        exit(1);
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "pgtest: cannot connect to PostgreSQL: %s", PQerrorMessage(conn));
        PQfinish(conn);
        exit(1);
    }
    return conn;
}

int pgtest_exec(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int err = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        fprintf(stderr, "pgtest: SQL failed: %s\n  %s", sql,
                res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
        err = -1;
    }
    PQclear(res);
    return err;
}

char *pgtest_query_value(PGconn *conn, const char *sql)
{
    char *value = NULL;
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "pgtest: query failed: %s\n  %s", sql,
                res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
        goto done;
    }
    if (PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
        value = strdup(PQgetvalue(res, 0, 0));
done:
    PQclear(res);
    return value;
}

/* Appends `keyword='value'` to b, quoted as libpq's conninfo parser wants. */
static void put_conninfo_pair(buf *b, const char *keyword, const char *value)
{
    if (b->len)
        buf_putc(b, ' ');
    buf_printf(b, "%s='", keyword);
    for (const char *p = value; *p; p++) {
        if (*p == '\'' || *p == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *p);
    }
    buf_putc(b, '\'');
}

/* Returns a conninfo string with conn's settings but dbname replaced; caller
 * frees. PQconninfo reports what the connection really used, including
 * values that came from the environment or defaults. */
static char *conninfo_with_dbname(PGconn *conn, const char *dbname)
{
    PQconninfoOption *opts = PQconninfo(conn);
    if (!opts)
        return NULL;
    buf b = BUF_INIT;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val || !strcmp(o->keyword, "dbname"))
            continue;
        put_conninfo_pair(&b, o->keyword, o->val);
    }
    put_conninfo_pair(&b, "dbname", dbname);
    PQconninfoFree(opts);
    return buf_detach(&b);
}

/* Writes "PREFIX_PID_N" to out: lower-case letters, digits and '_' only, at
 * most 63 bytes (PostgreSQL's identifier limit). */
static void make_database_name(char *out, size_t size, const char *prefix, unsigned n)
{
    char clean[32];
    size_t len = 0;
    for (const char *p = prefix ? prefix : ""; *p && len < sizeof clean - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            c = '_';
        clean[len++] = c;
    }
    clean[len] = '\0';
    snprintf(out, size, "%s_%ld_%u", len ? clean : "pgtest", (long)getpid(), n);
}

char *pgtest_create_database(PGconn *conn, const char *prefix)
{
    static unsigned counter;
    char name[64];
    char *conninfo = NULL;

    /* Retry on a name taken (another machine's test with the same pid on a
     * shared server) or on template1 briefly in use by a concurrent CREATE. */
    for (int attempt = 0; attempt < 50; attempt++) {
        make_database_name(name, sizeof name, prefix, counter++);
        char *quoted = PQescapeIdentifier(conn, name, strlen(name));
        if (!quoted) {
            fprintf(stderr, "pgtest: %s", PQerrorMessage(conn));
            return NULL;
        }
        buf sql = BUF_INIT;
        buf_printf(&sql, "CREATE DATABASE %s", quoted);
        PQfreemem(quoted);
        PGresult *res = PQexec(conn, buf_cstr(&sql));
        buf_free(&sql);
        ExecStatusType st = PQresultStatus(res);
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        int retry = st == PGRES_FATAL_ERROR && state &&
                    (!strcmp(state, SQLSTATE_DUPLICATE_DATABASE) ||
                     !strcmp(state, SQLSTATE_OBJECT_IN_USE));
        if (st != PGRES_COMMAND_OK && !retry)
            fprintf(stderr, "pgtest: CREATE DATABASE %s failed: %s", name,
                    res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
        PQclear(res);
        if (st == PGRES_COMMAND_OK) {
            conninfo = conninfo_with_dbname(conn, name);
            if (!conninfo)
                fputs("pgtest: out of memory\n", stderr);
            return conninfo;
        }
        if (!retry)
            return NULL;
        nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
    }
    fprintf(stderr, "pgtest: could not create a database named %s_%ld_N\n", prefix,
            (long)getpid());
    return NULL;
}

/* True if name is one pgtest_create_database made in this process: it ends
 * in "_PID_N". A guard so a wrong argument never drops someone's database on
 * a shared server. */
static int is_own_database(const char *name)
{
    char pid[32];
    snprintf(pid, sizeof pid, "_%ld_", (long)getpid());
    const char *at = NULL;
    for (const char *p = strstr(name, pid); p; p = strstr(p + 1, pid))
        at = p;
    if (!at || at == name)
        return 0;
    const char *digits = at + strlen(pid);
    if (!*digits)
        return 0;
    for (const char *p = digits; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

void pgtest_drop_database(PGconn *conn, const char *conninfo)
{
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
    const char *name = NULL;
    buf sql = BUF_INIT;
    char *quoted = NULL;

    if (!opts) {
        fprintf(stderr, "pgtest: cannot parse conninfo: %s", errmsg ? errmsg : "out of memory\n");
        goto done;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (!strcmp(o->keyword, "dbname"))
            name = o->val;
    if (!name || !is_own_database(name)) {
        fprintf(stderr, "pgtest: not dropping database %s: pgtest_create_database did not "
                        "make it in this process\n",
                name ? name : "(none)");
        goto done;
    }
    quoted = PQescapeIdentifier(conn, name, strlen(name));
    if (!quoted) {
        fprintf(stderr, "pgtest: %s", PQerrorMessage(conn));
        goto done;
    }
    buf_printf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted);
    pgtest_exec(conn, buf_cstr(&sql));
done:
    buf_free(&sql);
    PQfreemem(quoted);
    PQconninfoFree(opts);
    PQfreemem(errmsg);
}

int pgtest_run_on_schema(int argc, char **argv, const char *prefix, void (*run)(PGconn *conn))
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCHEMA.SQL\n", argv[0]);
        return -1;
    }
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, prefix);
    int rc = -1;
    if (conninfo) {
        PGconn *conn = pgtest_connect_to(conninfo);
        size_t len;
        char *sql = load_read_file(argv[1], &len);
        if (sql && pgtest_exec(conn, sql) == 0) {
            run(conn);
            rc = 0;
        } else {
            fprintf(stderr, "pgtest: cannot run %s\n", argv[1]);
        }
        free(sql);
        PQfinish(conn);
        pgtest_drop_database(admin, conninfo);
        free(conninfo);
    }
    PQfinish(admin);
    return rc;
}
