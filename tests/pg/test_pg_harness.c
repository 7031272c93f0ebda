/* Tests for the PostgreSQL test harness (with_pg + pgtest): the server is
 * recent enough and writable, databases made for a test are fresh and
 * separate, and committed data is visible to a second connection. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pgtest.h"

static int query_int(PGconn *conn, const char *sql)
{
    char *v = pgtest_query_value(conn, sql);
    int n = v ? atoi(v) : -1;
    free(v);
    return n;
}

static void check_query(PGconn *conn, const char *sql, const char *want)
{
    char *v = pgtest_query_value(conn, sql);
    CHECK_STR(v, want);
    free(v);
}

static void test_server_is_postgresql_15_or_later(PGconn *admin)
{
    CHECK(PQserverVersion(admin) >= 150000);
    CHECK(query_int(admin, "SELECT current_setting('server_version_num')::int") >= 150000);
}

static void test_server_is_writable_primary(PGconn *admin)
{
    check_query(admin, "SELECT pg_is_in_recovery()", "f");
    check_query(admin, "SHOW transaction_read_only", "off");
    /* Enough rights for pgtest_create_database, also on a shared server. */
    check_query(admin, "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user",
                "t");
}

/* Returns how many databases are called name. */
static int count_databases_named(PGconn *admin, const char *name)
{
    const char *values[1] = {name};
    PGresult *res = PQexecParams(admin, "SELECT count(*) FROM pg_database WHERE datname = $1",
                                 1, NULL, values, NULL, NULL, 0);
    int n = PQresultStatus(res) == PGRES_TUPLES_OK ? atoi(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return n;
}

static void test_created_databases_are_fresh_and_distinct(PGconn *admin)
{
    char *a = pgtest_create_database(admin, "pg_harness");
    char *b = pgtest_create_database(admin, "Pg-Harness!");
    CHECK(a != NULL && b != NULL);
    if (!a || !b) {
        free(a);
        free(b);
        return;
    }
    PGconn *ca = pgtest_connect_to(a), *cb = pgtest_connect_to(b);
    char *name_a = pgtest_query_value(ca, "SELECT current_database()");
    char *name_b = pgtest_query_value(cb, "SELECT current_database()");
    CHECK(name_a && strncmp(name_a, "pg_harness_", 11) == 0);
    CHECK(name_b && strncmp(name_b, "pg_harness__", 12) == 0); /* prefix cleaned */
    CHECK(name_a && name_b && strcmp(name_a, name_b) != 0);
    CHECK_INT(query_int(ca, "SELECT count(*) FROM pg_class "
                            "WHERE relnamespace = 'public'::regnamespace"),
              0);
    CHECK_INT(pgtest_exec(ca, "CREATE TABLE only_in_a (x int)"), 0);
    CHECK_INT(query_int(cb, "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'"), 0);
    PQfinish(ca);
    PQfinish(cb);

    pgtest_drop_database(admin, a);
    pgtest_drop_database(admin, b);
    CHECK_INT(count_databases_named(admin, name_a ? name_a : ""), 0);
    CHECK_INT(count_databases_named(admin, name_b ? name_b : ""), 0);
    free(name_a);
    free(name_b);
    free(a);
    free(b);
}

static void test_table_round_trip_and_visibility(PGconn *admin)
{
    char *info = pgtest_create_database(admin, "pg_harness");
    CHECK(info != NULL);
    if (!info)
        return;
    PGconn *writer = pgtest_connect_to(info), *reader = pgtest_connect_to(info);

    CHECK_INT(pgtest_exec(writer, "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL)"), 0);
    CHECK_INT(pgtest_exec(writer, "INSERT INTO notes VALUES (1, 'héllo ''quoted''')"), 0);
    check_query(writer, "SELECT body FROM notes WHERE id = 1", "héllo 'quoted'");
    check_query(reader, "SELECT body FROM notes WHERE id = 1", "héllo 'quoted'");

    /* Uncommitted rows stay invisible to the other session until COMMIT. */
    CHECK_INT(pgtest_exec(writer, "BEGIN; INSERT INTO notes VALUES (2, 'later')"), 0);
    CHECK_INT(query_int(reader, "SELECT count(*) FROM notes"), 1);
    CHECK_INT(pgtest_exec(writer, "COMMIT"), 0);
    CHECK_INT(query_int(reader, "SELECT count(*) FROM notes"), 2);

    /* Errors come back as -1, and the connection stays usable. */
    CHECK_INT(pgtest_exec(writer, "INSERT INTO notes VALUES (1, 'duplicate')"), -1);
    CHECK_INT(query_int(writer, "SELECT count(*) FROM notes"), 2);

    /* Dropping forces out sessions still connected (reader is). */
    char *name = pgtest_query_value(writer, "SELECT current_database()");
    PQfinish(writer);
    pgtest_drop_database(admin, info);
    CHECK_INT(count_databases_named(admin, name ? name : ""), 0);
    free(name);
    PQfinish(reader);
    free(info);
}

static void test_drop_refuses_databases_it_did_not_create(PGconn *admin)
{
    pgtest_drop_database(admin, "dbname=postgres");
    pgtest_drop_database(admin, "dbname=template1");
    CHECK_INT(query_int(admin, "SELECT count(*) FROM pg_database "
                               "WHERE datname IN ('postgres', 'template1')"),
              2);
}

int main(void)
{
    PGconn *admin = pgtest_connect();
    test_server_is_postgresql_15_or_later(admin);
    test_server_is_writable_primary(admin);
    test_created_databases_are_fresh_and_distinct(admin);
    test_table_round_trip_and_visibility(admin);
    test_drop_refuses_databases_it_did_not_create(admin);
    PQfinish(admin);
    return check_report();
}
