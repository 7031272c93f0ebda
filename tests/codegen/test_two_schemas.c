/* Two schemas' generated code linked into one program with one
 * schemac_runtime.c (tests/codegen/two): both work on one connection,
 * in one transaction, sharing the connection's record of prepared
 * statements (the runtime's one event procedure), and after PQreset.
 * Run by meson under with_pg:
 *   test_two_schemas SHOP.SQL LEDGER.SQL */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ledger.h"
#include "load.h"
#include "pgtest.h"
#include "shop.h"

static PGconn *conn;

/* The number of statements prepared on conn whose name starts with prefix. */
static int prepared_count(const char *prefix)
{
    const char *params[1] = {prefix};
    PGresult *res = PQexecParams(conn,
                                 "SELECT count(*) FROM pg_prepared_statements "
                                 "WHERE starts_with(name, $1)",
                                 1, NULL, params, NULL, NULL, 0);
    int n = PQresultStatus(res) == PGRES_TUPLES_OK ? atoi(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return n;
}

/* One round of calls of both schemas: insert, get, update_columns (a
 * statement the runtime builds per mask), list. */
static void use_both(shop_db *shop, ledger_db *ledger, const char *name)
{
    shop_db_error serr;
    ledger_db_error lerr;
    shop_items item = {0}, got_item = {0};
    item.name = name;
    CHECK(shop_items_insert(shop, &got_item, &item, 0, &serr) == SHOP_OK);
    CHECK(got_item.state == SHOP_STATE_OPEN);
    CHECK_STR(got_item.name, name);
    ledger_entries entry = {0}, got_entry = {0};
    entry.name = name;
    entry.amount = "12.50";
    CHECK(ledger_entries_insert(ledger, &got_entry, &entry, LEDGER_ENTRIES_COL_AMOUNT, &lerr) ==
          LEDGER_OK);
    CHECK(got_entry.state == LEDGER_ENTRY_STATE_DRAFT);
    CHECK_STR(got_entry.amount, "12.50");

    got_item.state = SHOP_STATE_CLOSED;
    shop_items closed = {0};
    CHECK(shop_items_update_columns(shop, &closed, &got_item, SHOP_ITEMS_COL_STATE, &serr) ==
          SHOP_OK);
    CHECK(closed.state == SHOP_STATE_CLOSED);
    got_entry.state = LEDGER_ENTRY_STATE_POSTED;
    ledger_entries posted = {0};
    CHECK(ledger_entries_update_columns(ledger, &posted, &got_entry, LEDGER_ENTRIES_COL_STATE,
                                        &lerr) == LEDGER_OK);
    CHECK(posted.state == LEDGER_ENTRY_STATE_POSTED);

    shop_items fetched = {0};
    CHECK(shop_items_get(shop, &fetched, got_item.id, &serr) == SHOP_OK);
    CHECK(fetched.state == SHOP_STATE_CLOSED);
    ledger_entries_array entries = {0};
    CHECK(ledger_entries_list(ledger, &entries, NULL, 0, &lerr) == LEDGER_OK);
    CHECK(entries.n >= 1 && entries.items[entries.n - 1].state == LEDGER_ENTRY_STATE_POSTED);

    shop_items_free(&got_item);
    shop_items_free(&closed);
    shop_items_free(&fetched);
    ledger_entries_free(&got_entry);
    ledger_entries_free(&posted);
    ledger_entries_array_free(&entries);
}

static void test_two_schemas_share_one_connection(void)
{
    shop_db shop, shop2;
    ledger_db ledger;
    shop_db_init(&shop, conn);
    ledger_db_init(&ledger, conn);
    /* In a transaction: a statement prepared twice would abort it. */
    CHECK(pgtest_exec(conn, "BEGIN") == 0);
    use_both(&shop, &ledger, "first");
    int shop_prepared = prepared_count("shop_"), ledger_prepared = prepared_count("ledger_");
    CHECK(shop_prepared >= 3);
    CHECK(ledger_prepared >= 3);
    /* A second handle, made now, knows what the first prepared. */
    shop_db_init(&shop2, conn);
    use_both(&shop2, &ledger, "second");
    CHECK(prepared_count("shop_") == shop_prepared);
    CHECK(prepared_count("ledger_") == ledger_prepared);
    CHECK(pgtest_exec(conn, "COMMIT") == 0);
}

static void test_both_work_after_reset(void)
{
    shop_db shop;
    ledger_db ledger;
    shop_db_init(&shop, conn);
    ledger_db_init(&ledger, conn);
    PQreset(conn);
    CHECK(PQstatus(conn) == CONNECTION_OK);
    CHECK(prepared_count("shop_") == 0);
    use_both(&shop, &ledger, "after reset");
    CHECK(prepared_count("shop_") >= 3);
    CHECK(prepared_count("ledger_") >= 3);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_two_schemas SHOP.SQL LEDGER.SQL\n");
        return 2;
    }
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_two");
    if (!conninfo)
        return 1;
    conn = pgtest_connect_to(conninfo);
    for (int i = 1; i <= 2; i++) {
        size_t len;
        char *sql = load_read_file(argv[i], &len);
        CHECK(sql && pgtest_exec(conn, sql) == 0);
        free(sql);
    }
    test_two_schemas_share_one_connection();
    test_both_work_after_reset();
    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
