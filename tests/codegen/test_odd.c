/* The generated API for names and shapes that stress the generator
 * (tests/codegen/edge): quoted table, column and enum names and labels
 * through every kind of statement (including unnest casts to a quoted
 * enum), a key named like a parameter, a self-referencing many-to-many, a
 * table of only key columns, one whose columns the server makes, and a
 * schema of enums only. Run by meson under with_pg:
 *   test_odd ODD.SQL */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "odd.h"
#include "onlyenums.h"
#include "pgtest.h"

static odd_db db;

#define CHECK_OK(call)                                                                     \
    do {                                                                                   \
        odd_db_status check_st_ = (call);                                                     \
        if (check_st_ != ODD_OK)                                                           \
            fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call,            \
                    odd_db_status_name(check_st_), err.message);                              \
        CHECK(check_st_ == ODD_OK);                                                        \
    } while (0)

static const odd_Sort_Order sorts[] = {ODD_SORT_ORDER_A_Z, ODD_SORT_ORDER_Z_A,
                                       ODD_SORT_ORDER_IT_S__QUOTED_____};

static void test_quoted_names_work_in_every_statement(void)
{
    odd_db_error err;
    odd_Order_Items in, out;
    memset(&in, 0, sizeof in);
    in.user = "o'brien \"the\" user";
    in.has_e_mail = true;
    in.e_mail = "x@y";
    in.Sort = ODD_SORT_ORDER_IT_S__QUOTED_____;
    in._2fa = true;
    CHECK_OK(odd_Order_Items_insert(&db, &out, &in, ODD_ORDER_ITEMS_COL_SORT | ODD_ORDER_ITEMS_COL__2FA, &err));
    CHECK(out.int_ == 0 && out.Sort == ODD_SORT_ORDER_IT_S__QUOTED_____ && out._2fa);
    CHECK_STR(out.user, "o'brien \"the\" user");
    CHECK_STR(odd_Sort_Order_to_string(out.Sort), "it's \"quoted\" ?\?=");
    int64_t id = out.id;
    odd_Order_Items_free(&out);
    CHECK_OK(odd_Order_Items_get_by_e_mail(&db, &out, "x@y", &err));
    CHECK(out.id == id);
    odd_Order_Items_free(&out);
    /* Every label, through COPY and through unnest arrays. */
    odd_Order_Items many[3];
    for (int i = 0; i < 3; i++) {
        memset(&many[i], 0, sizeof many[i]);
        many[i].user = "many";
        many[i].Sort = sorts[i];
        many[i].int_ = 100 + i;
    }
    CHECK_OK(odd_Order_Items_insert_many(&db, many, 3, ODD_ORDER_ITEMS_COL_SORT | ODD_ORDER_ITEMS_COL_INT_, &err));
    odd_Order_Items_filter f = ODD_ORDER_ITEMS_FILTER_INIT;
    f.ge = ODD_ORDER_ITEMS_COL_INT_;
    f.low.int_ = 100;
    f.order_by = ODD_ORDER_ITEMS_COL_SORT;
    f.descending = true;
    odd_Order_Items_array rows;
    CHECK_OK(odd_Order_Items_find(&db, &rows, &f, &err));
    CHECK(rows.n == 3);
    for (size_t i = 0; i < rows.n && i < 3; i++)
        CHECK(rows.items[i].Sort == sorts[2 - i]); /* enum order, descending */
    for (size_t i = 0; i < rows.n && i < 3; i++)
        rows.items[i].Sort = sorts[i];
    if (rows.n == 3)
        CHECK_OK(odd_Order_Items_upsert_many(&db, rows.items, 3, ODD_ORDER_ITEMS_COL_SORT, &err));
    odd_Order_Items_array_free(&rows);
    f.descending = false;
    CHECK_OK(odd_Order_Items_find(&db, &rows, &f, &err));
    CHECK(rows.n == 3);
    odd_Order_Items_array_free(&rows);
    /* Update, soft delete and restore on the quoted table. */
    odd_Order_Items change;
    memset(&change, 0, sizeof change);
    change.id = id;
    change.has_e_mail = false;
    change.int_ = 7;
    CHECK_OK(odd_Order_Items_update_columns(&db, &out, &change, ODD_ORDER_ITEMS_COL_E_MAIL | ODD_ORDER_ITEMS_COL_INT_, &err));
    CHECK(!out.has_e_mail && out.int_ == 7);
    odd_Order_Items_free(&out);
    CHECK_OK(odd_Order_Items_delete(&db, id, &err));
    CHECK(odd_Order_Items_get(&db, &out, id, &err) == ODD_NOT_FOUND);
    CHECK_OK(odd_Order_Items_restore(&db, id, &err));
    int64_t n;
    CHECK_OK(odd_Order_Items_count(&db, &n, NULL, &err));
    CHECK(n == 4);
}

static void test_self_referencing_many_to_many(void)
{
    odd_db_error err;
    const char *names[] = {"alice", "bob", "carol"};
    for (int i = 0; i < 3; i++) {
        odd_people p;
        memset(&p, 0, sizeof p);
        p.out = names[i];
        CHECK_OK(odd_people_insert(&db, NULL, &p, 0, &err));
    }
    odd_people got;
    CHECK_OK(odd_people_get(&db, &got, "bob", &err)); /* the key argument is out_ */
    CHECK_STR(got.out, "bob");
    CHECK(got.n == 1);
    odd_people_free(&got);
    const char *links[][2] = {{"alice", "bob"}, {"alice", "carol"}, {"bob", "carol"}};
    for (int i = 0; i < 3; i++) {
        odd_follows f;
        f.follower = links[i][0];
        f.followee = links[i][1];
        CHECK_OK(odd_follows_insert(&db, NULL, &f, 0, &err));
    }
    /* A table of only key columns: upsert of an existing row returns it. */
    odd_follows again = {"alice", "bob"}, back;
    CHECK_OK(odd_follows_upsert(&db, &back, &again, 0, &err));
    CHECK_STR(back.followee, "bob");
    odd_follows_free(&back);
    odd_people_array followed;
    CHECK_OK(odd_people_list_by_follows_follower(&db, &followed, "alice", &err));
    CHECK(followed.n == 2);
    if (followed.n == 2) {
        CHECK_STR(followed.items[0].out, "bob");
        CHECK_STR(followed.items[1].out, "carol");
    }
    odd_people_array_free(&followed);
    const char *keys[] = {"carol", "bob", "nobody"};
    size_t counts[3];
    odd_people_array followers;
    CHECK_OK(odd_people_list_by_follows_followee_many(&db, &followers, keys, 3, counts, &err));
    CHECK(counts[0] == 2 && counts[1] == 1 && counts[2] == 0 && followers.n == 3);
    if (followers.n == 3) {
        CHECK_STR(followers.items[0].out, "alice");
        CHECK_STR(followers.items[1].out, "bob");
        CHECK_STR(followers.items[2].out, "alice");
    }
    odd_people_array_free(&followers);
    CHECK_OK(odd_follows_delete(&db, "bob", "carol", &err));
    CHECK(odd_follows_delete(&db, "bob", "carol", &err) == ODD_NOT_FOUND);
}

static void test_server_made_columns(void)
{
    odd_db_error err;
    odd_counters c, out;
    memset(&c, 0, sizeof c);
    CHECK_OK(odd_counters_insert(&db, &out, &c, 0, &err)); /* DEFAULT VALUES */
    CHECK(out.id >= 1 && out.hits == 0 && out.created_at > 0);
    odd_counters_free(&out);
    c.hits = 5;
    CHECK_OK(odd_counters_insert(&db, &out, &c, ODD_COUNTERS_COL_HITS | ODD_COUNTERS_COL_ID, &err));
    CHECK(out.hits == 5);
    odd_counters_free(&out);
    odd_counters rows[2] = {c, c};
    CHECK(odd_counters_insert_many(&db, rows, 2, 0, &err) == ODD_ERROR);
    CHECK_OK(odd_counters_insert_many(&db, rows, 2, ODD_COUNTERS_COL_HITS, &err));
    int64_t n;
    CHECK_OK(odd_counters_count(&db, &n, NULL, &err));
    CHECK(n == 4);
}

static void test_enums_only_schema(void)
{
    onlyenums_color c;
    CHECK(onlyenums_color_from_string(&c, "green") && c == ONLYENUMS_COLOR_GREEN);
    CHECK(!onlyenums_color_from_string(&c, "Green"));
    CHECK_STR(onlyenums_color_to_string(ONLYENUMS_COLOR_BLUE), "blue");
    CHECK(onlyenums_color_to_string((onlyenums_color)9) == NULL);
    CHECK_STR(onlyenums_db_status_name(ONLYENUMS_OK), "ONLYENUMS_OK");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_odd ODD.SQL\n");
        return 2;
    }
    size_t len;
    char *sql = load_read_file(argv[1], &len);
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_odd");
    if (!sql || !conninfo)
        return 1;
    PGconn *conn = pgtest_connect_to(conninfo);
    CHECK(pgtest_exec(conn, sql) == 0);
    free(sql);
    odd_db_init(&db, conn);
    test_quoted_names_work_in_every_statement();
    test_self_referencing_many_to_many();
    test_server_made_columns();
    test_enums_only_schema();
    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
