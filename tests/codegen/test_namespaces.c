/* Tables of two PostgreSQL schemas in generated C
 * (tests/codegen/edge/namespaces): public.accounts and billing.accounts
 * have their own structs and functions, and every call reaches the table
 * of its namespace: insert, COPY, get, update, soft delete, list_by across
 * namespaces, upsert, and the enums of each namespace. Run by meson under with_pg: test_namespaces NSP.SQL */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "nsp.h"
#include "pgtest.h"

static PGconn *conn;

static long long count_of(const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    char *v = pgtest_query_value(conn, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

static void test_each_table_reaches_its_namespace(void)
{
    nsp_db db;
    nsp_db_init(&db, conn);
    nsp_db_error err;
    nsp_accounts person = {.email = "ann@example.com"}, got_person = {0};
    CHECK(nsp_accounts_insert(&db, &got_person, &person, NSP_ACCOUNTS_COL_EMAIL, &err) == NSP_OK);
    CHECK(got_person.id > 0);

    nsp_billing_accounts wallet = {.owner_id = got_person.id, .balance = "12.50"}, got = {0};
    CHECK(nsp_billing_accounts_insert(&db, &got, &wallet,
                                      NSP_BILLING_ACCOUNTS_COL_OWNER_ID |
                                          NSP_BILLING_ACCOUNTS_COL_BALANCE,
                                      &err) == NSP_OK);
    CHECK(got.id == 1 && got.owner_id == got_person.id && !got.has_deleted_at);
    CHECK_STR(got.balance, "12.50");
    /* Each namespace's enum, by the server default and as sent. */
    CHECK(got.state == NSP_BILLING_STATE_OPEN && !got.has_owner_state);
    CHECK(got_person.state == NSP_STATE_ACTIVE);
    CHECK(count_of("billing.accounts") == 1);
    CHECK(count_of("public.accounts") == 1);

    /* COPY into the billing table. */
    nsp_billing_accounts more[2] = {{.owner_id = got_person.id}, {.owner_id = got_person.id}};
    CHECK(nsp_billing_accounts_insert_many(&db, more, 2, NSP_BILLING_ACCOUNTS_COL_OWNER_ID,
                                           &err) == NSP_OK);
    CHECK(count_of("billing.accounts") == 3);

    /* The billing table's list_by its owner in public. */
    nsp_billing_accounts_array owned = {0};
    CHECK(nsp_billing_accounts_list_by_owner_id(&db, &owned, got_person.id, &err) == NSP_OK);
    CHECK(owned.n == 3);
    nsp_billing_accounts_array_free(&owned);

    /* Soft delete in billing; the public table of the same name is untouched. */
    CHECK(nsp_billing_accounts_delete(&db, got.id, &err) == NSP_OK);
    nsp_billing_accounts gone = {0};
    CHECK(nsp_billing_accounts_get(&db, &gone, got.id, &err) == NSP_NOT_FOUND);
    CHECK(count_of("billing.accounts WHERE deleted_at IS NOT NULL") == 1);
    nsp_accounts still = {0};
    CHECK(nsp_accounts_get(&db, &still, got_person.id, &err) == NSP_OK);
    CHECK_STR(still.email, "ann@example.com");

    nsp_billing_payments pay = {.account_id = 2, .amount = "3.00"}, got_pay = {0};
    CHECK(nsp_billing_payments_insert(&db, &got_pay, &pay,
                                      NSP_BILLING_PAYMENTS_COL_ACCOUNT_ID |
                                          NSP_BILLING_PAYMENTS_COL_AMOUNT,
                                      &err) == NSP_OK);
    nsp_billing_payments change = got_pay, upserted = {0};
    change.amount = "4.00";
    CHECK(nsp_billing_payments_upsert(&db, &upserted, &change, NSP_BILLING_PAYMENTS_ALL_COLUMNS,
                                      &err) == NSP_OK);
    CHECK_STR(upserted.amount, "4.00");
    /* A foreign key within billing: account 99 does not exist there. */
    pay.account_id = 99;
    nsp_billing_payments bad = {0};
    CHECK(nsp_billing_payments_insert(&db, &bad, &pay, NSP_BILLING_PAYMENTS_COL_ACCOUNT_ID |
                                                           NSP_BILLING_PAYMENTS_COL_AMOUNT,
                                      &err) == NSP_FOREIGN_KEY_VIOLATION);

    /* And as sent, one of each namespace's enum in one row. */
    nsp_billing_accounts frozen = {.owner_id = got_person.id,
                                   .state = NSP_BILLING_STATE_FROZEN,
                                   .owner_state = NSP_STATE_GONE,
                                   .has_owner_state = true},
                         got_frozen = {0};
    CHECK(nsp_billing_accounts_insert(&db, &got_frozen, &frozen,
                                      NSP_BILLING_ACCOUNTS_COL_OWNER_ID |
                                          NSP_BILLING_ACCOUNTS_COL_STATE |
                                          NSP_BILLING_ACCOUNTS_COL_OWNER_STATE,
                                      &err) == NSP_OK);
    CHECK(got_frozen.state == NSP_BILLING_STATE_FROZEN && got_frozen.has_owner_state &&
          got_frozen.owner_state == NSP_STATE_GONE);
    CHECK(count_of("billing.accounts WHERE state = 'frozen'::billing.state "
                   "AND owner_state = 'gone'::public.state") == 1);
    nsp_billing_accounts_free(&got_frozen);
    nsp_accounts_free(&got_person);
    nsp_accounts_free(&still);
    nsp_billing_accounts_free(&got);
    nsp_billing_payments_free(&upserted);
    nsp_billing_payments_free(&got_pay);
}

static void run(PGconn *c)
{
    conn = c;
    test_each_table_reaches_its_namespace();
}

int main(int argc, char **argv)
{
    if (pgtest_run_on_schema(argc, argv, "codegen_nsp", run) < 0)
        return 1;
    return check_report();
}
