/* @NAME@: connects to the database DATABASE_URL names and creates the
 * tables from @NAME@.sql when they are missing. */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "@NAME@.h"

/* Runs the creation script schemac wrote beside @NAME@.h, unless the
 * tables are there already. Returns 0 or -1. */
static int create_tables(PGconn *conn)
{
    PGresult *res = PQexec(conn, "SELECT to_regclass('notes') IS NOT NULL");
    int exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (exists)
        return 0;
    FILE *f = fopen(SCHEMA_SQL_FILE, "rb");
    if (!f) {
        perror(SCHEMA_SQL_FILE);
        return -1;
    }
    char *sql = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 4096 + 1 > cap) {
            char *grown = realloc(sql, cap = 2 * cap + 4096 + 1);
            if (!grown) {
                free(sql);
                fclose(f);
                return -1;
            }
            sql = grown;
        }
        n = fread(sql + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    fclose(f);
    sql[len] = '\0';
    res = PQexec(conn, sql);
    free(sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "creating the tables: %s", PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

int main(void)
{
    const char *url = getenv("DATABASE_URL");
    PGconn *conn = PQconnectdb(url ? url : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    int rc = create_tables(conn) < 0;
    PQfinish(conn);
    return rc;
}
