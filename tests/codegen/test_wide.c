/* Tables of 100 and 1,600 columns (PostgreSQL's most), generated from
 * edge/wide/wide.yaml: their masks are arrays of words, and every path
 * (insert and its RETURNING, get, update_columns, upsert, insert_many,
 * upsert_many, list, find, count) round-trips through PostgreSQL with
 * columns chosen in every word. Run by meson under with_pg:
 *   test_wide WIDE.SQL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pgtest.h"
#include "wide.h"

static PGconn *conn;
static wide_db db;

#define CHECK_OK(call)                                                                     \
    do {                                                                                   \
        wide_db_status check_st_ = (call);                                                 \
        if (check_st_ != WIDE_OK)                                                          \
            fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call,            \
                    wide_db_status_name(check_st_), err.message);                          \
        CHECK(check_st_ == WIDE_OK);                                                       \
    } while (0)

static const char *const texts[] = {"alpha", "", "\xc3\xbc'\"\\", "0123456789"};
#define NTEXTS 4
static const char *const numerics[] = {"1.5", "-0.25", "12345678901234567890"};
#define NNUMERICS 3

static int in_mask(const uint64_t *words, int i) { return words && (words[i / 64] >> (i % 64) & 1); }

#include "edge/wide/wide_rows.h"

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text)
        text[n] = '\0';
    fclose(f);
    return text;
}

/* The same test for both tables: T is the table, UT its upper-case name,
 * OPT a column with a default in the last word, SET (field setf) a column to
 * update in the last word, EQ (field eqf) an integer column to find by there. */
#define WIDE_TEST(T, UT, OPT, SET, setf, EQ, eqf, EQ_INDEX)                                                  \
    static void test_##T##_round_trips(void)                                                     \
    {                                                                                            \
        wide_db_error err;                                                                       \
        wide_##T row, out, got;                                                                  \
        wide_##T##_mask none = {{0}}, opt = UT##_COL_##OPT;                                      \
        /* insert: defaults from the server, then one given in the last word */                 \
        fill_##T(&row, 1);                                                                       \
        CHECK_OK(wide_##T##_insert(&db, &out, &row, none, &err));                                \
        CHECK_INT(same_##T(&out, 1, NULL), 0);                                                   \
        int64_t first = out.id;                                                                  \
        CHECK_OK(wide_##T##_get(&db, &got, first, &err));                                        \
        CHECK_INT(same_##T(&got, 1, NULL), 0);                                                   \
        wide_##T##_free(&got);                                                                   \
        wide_##T##_free(&out);                                                                   \
        fill_##T(&row, 2);                                                                       \
        CHECK_OK(wide_##T##_insert(&db, &out, &row, opt, &err));                                 \
        CHECK_INT(same_##T(&out, 2, opt.words), 0);                                              \
        int64_t second = out.id;                                                                 \
        wide_##T##_free(&out);                                                                   \
        CHECK_OK(wide_##T##_get(&db, &got, second, &err));                                       \
        CHECK_INT(same_##T(&got, 2, opt.words), 0);                                              \
        /* update_columns: one column of the last word, one of the first */                     \
        got.setf = 4242;                                                                          \
        CHECK_OK(wide_##T##_update_columns(&db, &out, &got, UT##_COL_##SET, &err));              \
        CHECK(out.setf == 4242);                                                                  \
        wide_##T##_free(&out);                                                                   \
        wide_##T##_free(&got);                                                                   \
        /* find and count by a column of the last word */                                       \
        wide_##T##_filter f = UT##_FILTER_INIT;                                                  \
        f.eq = UT##_COL_##EQ;                                                                    \
        f.value.eqf = EQ_INDEX * 1000 + 2;                                                        \
        wide_##T##_array rows;                                                                   \
        CHECK_OK(wide_##T##_find(&db, &rows, &f, &err));                                         \
        CHECK(rows.n == 1 && rows.items[0].id == second);                                        \
        wide_##T##_array_free(&rows);                                                            \
        int64_t count = -1;                                                                      \
        CHECK_OK(wide_##T##_count(&db, &count, &f, &err));                                       \
        CHECK(count == 1);                                                                       \
        /* insert_many, then list them back */                                                  \
        wide_##T many[3];                                                                        \
        for (int k = 0; k < 3; k++)                                                              \
            fill_##T(&many[k], 10 + k);                                                          \
        CHECK_OK(wide_##T##_insert_many(&db, many, 3, opt, &err));                               \
        wide_##T after = {.id = second};                                                         \
        CHECK_OK(wide_##T##_list(&db, &rows, &after, 0, &err));                                  \
        CHECK(rows.n == 3);                                                                      \
        for (size_t i = 0; i < rows.n && i < 3; i++)                                             \
            CHECK_INT(same_##T(&rows.items[i], 10 + (int)i, opt.words), 0);                      \
        /* upsert_many: the same rows with other values, and a new one */                       \
        wide_##T more[4];                                                                        \
        for (int k = 0; k < 4; k++) {                                                            \
            fill_##T(&more[k], 20 + k);                                                          \
            more[k].id = k < 3 && (size_t)k < rows.n ? rows.items[k].id : 900000;                \
        }                                                                                        \
        wide_##T##_array_free(&rows);                                                            \
        CHECK_OK(wide_##T##_upsert_many(&db, more, 4, opt, &err));                               \
        CHECK_OK(wide_##T##_list(&db, &rows, &after, 0, &err));                                  \
        CHECK(rows.n == 4);                                                                      \
        for (size_t i = 0; i < rows.n && i < 4; i++)                                             \
            CHECK_INT(same_##T(&rows.items[i], 20 + (int)i, opt.words), 0);                      \
        wide_##T##_array_free(&rows);                                                            \
        /* upsert one: every optional column sent */                                            \
        fill_##T(&row, 30);                                                                      \
        row.id = 900000;                                                                         \
        wide_##T##_mask all = UT##_ALL_COLUMNS;                                                  \
        CHECK_OK(wide_##T##_upsert(&db, &out, &row, all, &err));                                 \
        CHECK_INT(same_##T(&out, 30, all.words), 0);                                             \
        wide_##T##_free(&out);                                                                   \
        CHECK_OK(wide_##T##_get(&db, &got, 900000, &err));                                       \
        CHECK_INT(same_##T(&got, 30, all.words), 0);                                             \
        wide_##T##_free(&got);                                                                   \
        /* masks join */                                                                         \
        wide_##T##_mask two = wide_##T##_mask_or(UT##_COL_C1, UT##_COL_##OPT);                   \
        CHECK(two.words[0] == (UT##_COL_C1).words[0] && in_mask(two.words, OPT##_INDEX));        \
    }

#define C70_INDEX 70
#define C1599_INDEX 1599
/* wide100: c70 is varchar with a default, c96 and c88 integer. */
WIDE_TEST(wide100, WIDE_WIDE100, C70, C96, c96, C88, c88, 88)
/* wide1600: c1599 integer with a default, c1596 and c1592 integer. */
WIDE_TEST(wide1600, WIDE_WIDE1600, C1599, C1596, c1596, C1592, c1592, 1592)

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_wide WIDE.SQL\n");
        return 2;
    }
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_wide");
    if (!conninfo)
        return 1;
    conn = pgtest_connect_to(conninfo);
    char *sql = read_whole_file(argv[1]);
    CHECK(sql != NULL);
    if (sql)
        CHECK(pgtest_exec(conn, sql) == 0);
    free(sql);
    wide_db_init(&db, conn);
    test_wide100_round_trips();
    test_wide1600_round_trips();
    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
