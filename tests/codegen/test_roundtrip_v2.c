/* Round trip of rt2.yaml through a real database: domains take their
 * type's C type and, when not given, their default; generated columns are
 * never sent and read back computed; identity options number the rows;
 * time precision and interval fields are the server's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "pgtest.h"
#include "rt2.h"

static PGconn *conn;
static rt2_db db;

static rt2_lines a_line(void)
{
    rt2_lines row = {0};
    row.price = "2.50";
    row.qty = 3;
    row.name = "Ab";
    row.has_hue = true;
    row.hue = RT2_COLOR_GREEN;
    row.has_at = true;
    row.at = INT64_C(1700000000123000); /* whole milliseconds: timestamptz(3) keeps them */
    row.has_span = true;
    row.span = (rt2_interval){0, 1, INT64_C(3723000000)}; /* 1 day 01:02:03 */
    return row;
}

static void test_domains_generated_and_identity_round_trip(void)
{
    rt2_db_error err;
    rt2_lines row = a_line(), out = {0}, got = {0};
    CHECK_INT(rt2_lines_insert(&db, &out, &row, RT2_LINES_COL_QTY, &err), RT2_OK);
    CHECK_INT(out.id, 1000); /* identity start */
    CHECK_INT(out.qty, 3);
    CHECK(out.total && !strcmp(out.total, "7.50")); /* computed by the server */
    CHECK_INT(rt2_lines_get(&db, &got, out.id, &err), RT2_OK);
    CHECK(got.price && !strcmp(got.price, "2.50"));
    CHECK(got.name && !strcmp(got.name, "Ab"));
    CHECK(got.has_hue && got.hue == RT2_COLOR_GREEN);
    CHECK(got.has_at && got.at == row.at);
    CHECK(got.has_span && got.span.months == 0 && got.span.days == 1 &&
          got.span.microseconds == row.span.microseconds);
    rt2_lines_free(&out);
    rt2_lines_free(&got);
}

static void test_not_given_takes_the_domain_default_and_null_stays_null(void)
{
    rt2_db_error err;
    rt2_lines row = a_line(), out = {0};
    row.has_hue = false; /* NULL */
    row.qty = 99;        /* not in columns: the domain's default 1 */
    CHECK_INT(rt2_lines_insert(&db, &out, &row, 0, &err), RT2_OK);
    CHECK_INT(out.id, 1007); /* increment 7 */
    CHECK_INT(out.qty, 1);
    CHECK(out.total && !strcmp(out.total, "2.50"));
    CHECK(!out.has_hue);
    rt2_lines_free(&out);
}

static void test_domain_checks_are_check_violations(void)
{
    rt2_db_error err;
    rt2_lines row = a_line();
    row.qty = 0;
    CHECK_INT(rt2_lines_insert(&db, NULL, &row, RT2_LINES_COL_QTY, &err), RT2_CHECK_VIOLATION);
}

static void test_update_recomputes_generated_columns(void)
{
    rt2_db_error err;
    rt2_lines row = a_line(), out = {0}, updated = {0};
    CHECK_INT(rt2_lines_insert(&db, &out, &row, RT2_LINES_COL_QTY, &err), RT2_OK);
    rt2_lines change = out; /* out keeps its own strings, freed below */
    change.price = "10.00";
    CHECK_INT(rt2_lines_update(&db, &updated, &change, &err), RT2_OK);
    CHECK(updated.total && !strcmp(updated.total, "30.00"));
    rt2_lines_free(&updated);
    rt2_lines_free(&out);
}

static void test_insert_many_sends_domains_in_binary_copy(void)
{
    rt2_db_error err;
    rt2_lines rows[2] = {a_line(), a_line()};
    rows[1].qty = 4;
    rows[1].hue = RT2_COLOR_RED;
    CHECK_INT(rt2_lines_insert_many(&db, rows, 2, RT2_LINES_COL_QTY, &err), RT2_OK);
    char *sum = pgtest_query_value(conn, "SELECT sum(total) || ' ' || string_agg(hue::text, ',' "
                                         "ORDER BY id) FROM lines WHERE qty IN (3, 4) AND id > 1014");
    CHECK(sum && !strcmp(sum, "17.50 green,red"));
    free(sum);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_roundtrip_v2 RT2.SQL\n");
        return 2;
    }
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_rt2");
    if (!conninfo)
        return 1;
    conn = pgtest_connect_to(conninfo);
    size_t len;
    char *sql = load_read_file(argv[1], &len);
    CHECK(sql && pgtest_exec(conn, sql) == 0);
    free(sql);
    rt2_db_init(&db, conn);

    test_domains_generated_and_identity_round_trip();
    test_not_given_takes_the_domain_default_and_null_stays_null();
    test_domain_checks_are_check_violations();
    test_update_recomputes_generated_columns();
    test_insert_many_sends_domains_in_binary_copy();

    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
