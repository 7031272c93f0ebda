/* The generated C API against PostgreSQL: the code generated from
 * tests/codegen/rt.yaml, on a database made with the generated rt.sql.
 * Every type round-trips through every path (insert, COPY, unnest upsert,
 * get, list), including its limits, NULL, empty and hostile values; the
 * API's C values mean what the server thinks they mean; errors map to
 * their codes; soft delete, keyset pagination, find, batch list_by and
 * unprepared mode behave as documented. Run by meson under with_pg:
 *   test_roundtrip RT.SQL */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pgtest.h"
#include "rt.h"

static PGconn *conn;
static rt_db db;

/* Checks that a call (whose error goes to `err`) succeeds. */
#define CHECK_OK(call)                                                                     \
    do {                                                                                   \
        rt_db_status check_st_ = (call);                                                      \
        if (check_st_ != RT_OK)                                                            \
            fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call,            \
                    rt_db_status_name(check_st_), err.message);                               \
        CHECK(check_st_ == RT_OK);                                                         \
    } while (0)

/* ---- SQL helpers ---- */

static char *query_value(const char *sql) { return pgtest_query_value(conn, sql); }

static void check_query(const char *sql, const char *want)
{
    char *got = query_value(sql);
    CHECK_STR(got, want);
    if (!got || strcmp(got, want))
        fprintf(stderr, "  query: %s\n", sql);
    free(got);
}

static void exec_sql(const char *sql) { CHECK(pgtest_exec(conn, sql) == 0); }

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

/* ---- deterministic randomness ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int rnd_below(int n) { return (int)(rnd() % (uint64_t)n); }

/* ---- things: a row with every type ---- */

static char big_text[1024 * 1024 + 1];
static const uint8_t bytes_with_zeros[] = {0, 1, 0, 255, 0, 0, 'x', 0};

static const char *const hostile[] = {
    "",
    "plain",
    "Grüße, 世界 🎉",
    "quotes ' \" and `backticks`",
    "back\\slash \\\\ and \\x00 text",
    "'); DROP TABLE things; --",
    "tab\tnew\nline\rreturn",
    "percent %s %d %n",
};
#define NHOSTILE (sizeof hostile / sizeof *hostile)

static const char *const numerics[] = {
    "0",
    "-1",
    "123456789012345678901234567890",  /* 30 significant digits */
    "-12345678901234567890.1234567890",
    "0.000000000000000000000000000001",
    "3.14159265358979323846264338327950288",
    "1.50",
    "-0.0001",
    "10000",
    "99999999.99990000",
    "NaN",
    "Infinity",
    "-Infinity",
};
#define NNUMERICS (sizeof numerics / sizeof *numerics)

/* numeric(40,10) text as the server keeps it. */
static const char *const scaled[] = {
    "0.0000000000", "-1.0000000000", "123456789012345678901234567890.1234567891",
    "-0.0000000001", "42.4200000000",
};
#define NSCALED (sizeof scaled / sizeof *scaled)

static const int32_t dates[] = {0, -1, 1, -719162 /* 0001-01-01 */, 2932896 /* 9999-12-31 */,
                                INT32_MIN, INT32_MAX};
static const int64_t timestamps[] = {
    0,
    -1,
    1,
    -INT64_C(86400000000),
    INT64_C(253402300799999999), /* 9999-12-31 23:59:59.999999 */
    INT64_C(4102444800123456),   /* 2100-01-01 00:00:00.123456 */
    -INT64_C(62135596800000000), /* 0001-01-01 */
    INT64_MIN,
    INT64_MAX,
};
#define NDATES (sizeof dates / sizeof *dates)
#define NTIMESTAMPS (sizeof timestamps / sizeof *timestamps)

static const rt_mood moods[] = {RT_MOOD_HAPPY, RT_MOOD_SO_SO, RT_MOOD_SAD, RT_MOOD_IT_S_COMPLICATED};

/* Fills *t with the values of variant k; nullable columns are NULL for
 * odd k. Strings point to static storage. */
static void make_thing(rt_things *t, int k)
{
    static uint8_t uuids[64][16];
    memset(t, 0, sizeof *t);
    int16_t i16s[] = {INT16_MIN, INT16_MAX, 0, -1};
    int32_t i32s[] = {INT32_MIN, INT32_MAX, 0, 7};
    int64_t i64s[] = {INT64_MIN, INT64_MAX, 0, -2};
    float f32s[] = {-0.0f, 3.4028235e38f, 1.17549435e-38f, (float)INFINITY};
    double f64s[] = {-0.0, 1.7976931348623157e308, 5e-324, -INFINITY};
    t->i16 = i16s[k % 4];
    t->i32 = i32s[k % 4];
    t->i64 = i64s[k % 4];
    t->f32 = f32s[k % 4];
    t->f64 = f64s[k % 4];
    t->num = numerics[k % NNUMERICS];
    t->num_scaled = scaled[k % NSCALED];
    t->flag = k % 2;
    t->txt = k == 3 ? big_text : hostile[k % NHOSTILE];
    t->vc = (k % 2 ? "" : "vc ' \\ ü");
    t->ch = (k % 2 ? "ab   " : "éü'\\ ");
    t->d = dates[k % NDATES];
    t->t = k % 2 ? INT64_C(86399999999) : 0;
    t->ts = timestamps[(k + 1) % NTIMESTAMPS];
    t->tstz = timestamps[k % NTIMESTAMPS];
    t->iv = (rt_interval){-14 + k, 3 - k, -INT64_C(123456789) * k};
    for (int i = 0; i < 16; i++)
        uuids[k % 64][i] = (uint8_t)(k * 31 + i * 7);
    memcpy(t->u, uuids[k % 64], 16);
    t->j = (k % 2 ? "{\"b\": 1,  \"a\": [1, 2, \"x\"]}" : "[]");
    t->jb = (k % 2 ? "{\"a\": [1, 2, \"x\"], \"b\": \"'); --\"}" : "{}");
    t->b = (rt_bytea){(uint8_t *)bytes_with_zeros, k % 2 ? sizeof bytes_with_zeros : 0};
    t->m = moods[k % 4];
    if (k % 2 == 0) {
        t->has_n_i16 = t->has_n_i32 = t->has_n_i64 = t->has_n_f32 = t->has_n_f64 = true;
        t->has_n_num = t->has_n_flag = t->has_n_txt = t->has_n_vc = t->has_n_ch = true;
        t->has_n_d = t->has_n_t = t->has_n_ts = t->has_n_tstz = t->has_n_iv = true;
        t->has_n_u = t->has_n_j = t->has_n_jb = t->has_n_b = t->has_n_m = true;
        t->has_nd_i32 = true;
        t->n_i16 = (int16_t)-k;
        t->n_i32 = -k;
        t->n_i64 = -k;
        t->n_f32 = 0.5f;
        t->n_f64 = 0.25;
        t->n_num = numerics[(k + 2) % NNUMERICS];
        t->n_flag = false;
        t->n_txt = ""; /* empty, not NULL */
        t->n_vc = "";
        t->n_ch = "     ";
        t->n_d = 0;
        t->n_t = 0;
        t->n_ts = 0;
        t->n_tstz = 0;
        t->n_iv = (rt_interval){0, 0, 0};
        memset(t->n_u, 0, 16);
        t->n_j = "null";
        t->n_jb = "null";
        t->n_b = (rt_bytea){NULL, 0}; /* empty, not NULL */
        t->n_m = RT_MOOD_HAPPY;
        t->nd_i32 = 0;
    }
    t->def_i32 = -5;
    t->def_txt = "given";
    t->def_m = RT_MOOD_HAPPY;
}

static bool same_float(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

static bool same_str(const char *a, const char *b) { return a && b && !strcmp(a, b); }

static bool same_bytes(rt_bytea a, rt_bytea b)
{
    return a.len == b.len && (a.len == 0 || !memcmp(a.data, b.data, a.len));
}

static bool same_interval(rt_interval a, rt_interval b)
{
    return a.months == b.months && a.days == b.days && a.microseconds == b.microseconds;
}

/* The text PostgreSQL keeps for a jsonb value: compare through the server. */
static const char *jsonb_text(const char *in)
{
    static char out[8][256];
    static int next;
    const char *values[1] = {in};
    PGresult *res =
        PQexecParams(conn, "SELECT $1::jsonb::text", 1, NULL, values, NULL, NULL, 0);
    char *slot = out[next++ % 8];
    snprintf(slot, 256, "%s", PQresultStatus(res) == PGRES_TUPLES_OK ? PQgetvalue(res, 0, 0) : "?");
    PQclear(res);
    return slot;
}

/* numeric text as the server writes it for `in`. */
static const char *numeric_text(const char *in)
{
    static char out[8][256];
    static int next;
    const char *values[1] = {in};
    PGresult *res =
        PQexecParams(conn, "SELECT $1::numeric::text", 1, NULL, values, NULL, NULL, 0);
    char *slot = out[next++ % 8];
    snprintf(slot, 256, "%s", PQresultStatus(res) == PGRES_TUPLES_OK ? PQgetvalue(res, 0, 0) : "?");
    PQclear(res);
    return slot;
}

/* Compares every column of a row read back with what was written. */
static int compare_things(const rt_things *got, const rt_things *want, const char *where)
{
    int bad = 0;
#define SAME(cond, col)                                                                     \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s: column %s differs (row %" PRId64 ")\n", where, col, want->id); \
            bad++;                                                                          \
        }                                                                                   \
    } while (0)
    SAME(got->i16 == want->i16, "i16");
    SAME(got->i32 == want->i32, "i32");
    SAME(got->i64 == want->i64, "i64");
    SAME(same_float(got->f32, want->f32), "f32");
    SAME(same_float(got->f64, want->f64), "f64");
    SAME(same_str(got->num, numeric_text(want->num)), "num");
    SAME(same_str(got->num_scaled, want->num_scaled), "num_scaled");
    SAME(got->flag == want->flag, "flag");
    SAME(same_str(got->txt, want->txt), "txt");
    SAME(same_str(got->vc, want->vc), "vc");
    SAME(same_str(got->ch, want->ch), "ch");
    SAME(got->d == want->d, "d");
    SAME(got->t == want->t, "t");
    SAME(got->ts == want->ts, "ts");
    SAME(got->tstz == want->tstz, "tstz");
    SAME(same_interval(got->iv, want->iv), "iv");
    SAME(!memcmp(got->u, want->u, 16), "u");
    SAME(same_str(got->j, want->j), "j");
    SAME(same_str(got->jb, jsonb_text(want->jb)), "jb");
    SAME(same_bytes(got->b, want->b), "b");
    SAME(got->m == want->m, "m");
    SAME(got->has_n_i16 == want->has_n_i16 && (!got->has_n_i16 || got->n_i16 == want->n_i16), "n_i16");
    SAME(got->has_n_i32 == want->has_n_i32 && (!got->has_n_i32 || got->n_i32 == want->n_i32), "n_i32");
    SAME(got->has_n_i64 == want->has_n_i64 && (!got->has_n_i64 || got->n_i64 == want->n_i64), "n_i64");
    SAME(got->has_n_f32 == want->has_n_f32 && (!got->has_n_f32 || same_float(got->n_f32, want->n_f32)), "n_f32");
    SAME(got->has_n_f64 == want->has_n_f64 && (!got->has_n_f64 || same_float(got->n_f64, want->n_f64)), "n_f64");
    SAME(got->has_n_num == want->has_n_num && (!got->has_n_num || same_str(got->n_num, numeric_text(want->n_num))), "n_num");
    SAME(got->has_n_flag == want->has_n_flag && (!got->has_n_flag || got->n_flag == want->n_flag), "n_flag");
    SAME(got->has_n_txt == want->has_n_txt && (!got->has_n_txt || same_str(got->n_txt, want->n_txt)), "n_txt");
    SAME(got->has_n_txt || got->n_txt == NULL, "n_txt pointer");
    SAME(got->has_n_vc == want->has_n_vc && (!got->has_n_vc || same_str(got->n_vc, want->n_vc)), "n_vc");
    SAME(got->has_n_ch == want->has_n_ch && (!got->has_n_ch || same_str(got->n_ch, want->n_ch)), "n_ch");
    SAME(got->has_n_d == want->has_n_d && (!got->has_n_d || got->n_d == want->n_d), "n_d");
    SAME(got->has_n_t == want->has_n_t && (!got->has_n_t || got->n_t == want->n_t), "n_t");
    SAME(got->has_n_ts == want->has_n_ts && (!got->has_n_ts || got->n_ts == want->n_ts), "n_ts");
    SAME(got->has_n_tstz == want->has_n_tstz && (!got->has_n_tstz || got->n_tstz == want->n_tstz), "n_tstz");
    SAME(got->has_n_iv == want->has_n_iv && (!got->has_n_iv || same_interval(got->n_iv, want->n_iv)), "n_iv");
    SAME(got->has_n_u == want->has_n_u && (!got->has_n_u || !memcmp(got->n_u, want->n_u, 16)), "n_u");
    SAME(got->has_n_j == want->has_n_j && (!got->has_n_j || same_str(got->n_j, want->n_j)), "n_j");
    SAME(got->has_n_jb == want->has_n_jb && (!got->has_n_jb || same_str(got->n_jb, jsonb_text(want->n_jb))), "n_jb");
    SAME(got->has_n_b == want->has_n_b && (!got->has_n_b || same_bytes(got->n_b, want->n_b)), "n_b");
    SAME(got->has_n_b || got->n_b.data == NULL, "n_b pointer");
    SAME(got->has_n_m == want->has_n_m && (!got->has_n_m || got->n_m == want->n_m), "n_m");
#undef SAME
    return bad;
}

/* The columns of things with a server value that make_thing sets. */
#define THINGS_GIVEN (RT_THINGS_COL_DEF_I32 | RT_THINGS_COL_DEF_TXT | RT_THINGS_COL_DEF_M | RT_THINGS_COL_ND_I32)

#define NVARIANTS 24

static void test_every_type_round_trips_through_insert_get_list_and_find(void)
{
    int64_t ids[NVARIANTS];
    rt_db_error err;
    for (int k = 0; k < NVARIANTS; k++) {
        rt_things in, out;
        make_thing(&in, k);
        CHECK_OK(rt_things_insert(&db, &out, &in, THINGS_GIVEN, &err));
        ids[k] = in.id = out.id;
        CHECK(compare_things(&out, &in, "insert RETURNING") == 0);
        CHECK(out.def_i32 == -5 && same_str(out.def_txt, "given") && out.def_m == RT_MOOD_HAPPY);
        rt_things_free(&out);
        CHECK_OK(rt_things_get(&db, &out, in.id, &err));
        CHECK(compare_things(&out, &in, "get") == 0);
        rt_things_free(&out);
    }
    /* The same rows through the zero-copy path of lists. */
    rt_things_array all;
    CHECK_OK(rt_things_list(&db, &all, NULL, 0, &err));
    CHECK_INT(all.n, NVARIANTS);
    for (size_t i = 0; i < all.n && i < NVARIANTS; i++) {
        rt_things want;
        make_thing(&want, (int)i);
        want.id = ids[i];
        CHECK(all.items[i].id == ids[i]);
        CHECK(compare_things(&all.items[i], &want, "list") == 0);
    }
    /* A copy outlives its array. */
    rt_things kept;
    if (all.n > 2)
        CHECK_OK(rt_things_copy(&kept, &all.items[2], &err));
    rt_things_array_free(&all);
    CHECK(all.items == NULL && all.result == NULL);
    rt_things want2;
    make_thing(&want2, 2);
    want2.id = ids[2];
    CHECK(compare_things(&kept, &want2, "copy") == 0);
    rt_things_free(&kept);
}

/* The C values mean what the server means: epochs, units, NULLs. */
static void test_values_mean_what_the_server_means(void)
{
    rt_things in, out;
    rt_db_error err;
    make_thing(&in, 0);
    in.d = 0;
    in.t = INT64_C(3723000004);   /* 01:02:03.000004 */
    in.ts = -1;                   /* 1969-12-31 23:59:59.999999 */
    in.tstz = INT64_C(1700000000123456);
    in.iv = (rt_interval){14, -3, 5000000};
    in.txt = "'); DROP TABLE things; --";
    in.n_txt = "";
    in.has_n_vc = false;
    for (int i = 0; i < 16; i++)
        in.u[i] = (uint8_t)(0xa0 + i);
    in.num = "-12345678901234567890.1234567890";
    CHECK_OK(rt_things_insert(&db, &out, &in, THINGS_GIVEN, &err));
    char sql[512];
#define Q(expr, want)                                                                       \
    do {                                                                                    \
        snprintf(sql, sizeof sql, "SELECT (%s)::text FROM things WHERE id = %" PRId64, expr, out.id); \
        check_query(sql, want);                                                             \
    } while (0)
    Q("d", "1970-01-01");
    Q("t", "01:02:03.000004");
    Q("ts", "1969-12-31 23:59:59.999999");
    Q("tstz AT TIME ZONE 'UTC'", "2023-11-14 22:13:20.123456");
    Q("iv", "1 year 2 mons -3 days +00:00:05");
    Q("txt", "'); DROP TABLE things; --");
    Q("n_txt IS NULL", "false");
    Q("n_txt = ''", "true");
    Q("n_vc IS NULL", "true");
    Q("u", "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
    Q("num", "-12345678901234567890.1234567890");
    Q("i16", "-32768");
    Q("i64", "-9223372036854775808");
    Q("b", "\\x");
    Q("m", "happy");
    Q("n_b = ''::bytea", "true");
#undef Q
    rt_things_free(&out);
    check_query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'things'", "1");

    /* And values the server writes read back as the API says. */
    exec_sql("INSERT INTO things (i16, i32, i64, f32, f64, num, num_scaled, flag, txt, vc, ch, d, "
             "t, ts, tstz, iv, u, j, jb, b, m) VALUES (1, 2, 3, 4.5, 6.25, '1e3', 0, true, 'x', "
             "'y', 'z', '1969-12-31', '23:59:59.999999', '1970-01-01 00:00:00.000001', "
             "'1969-12-31 23:00:00-01', '1 day 2 hours', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "
             "'{}', '{\"k\": \"v\"}', '\\x00ff00', 'it''s complicated')");
    char *id_text = query_value("SELECT max(id) FROM things");
    int64_t id = id_text ? strtoll(id_text, NULL, 10) : 0;
    free(id_text);
    CHECK_OK(rt_things_get(&db, &out, id, &err));
    CHECK(out.d == -1);
    CHECK(out.t == INT64_C(86399999999));
    CHECK(out.ts == 1);
    CHECK(out.tstz == 0);
    CHECK(out.iv.months == 0 && out.iv.days == 1 && out.iv.microseconds == INT64_C(7200000000));
    CHECK(out.u[0] == 0xff && out.u[15] == 0xff);
    CHECK_STR(out.num, "1000");
    CHECK_STR(out.num_scaled, "0.0000000000");
    CHECK(out.b.len == 3 && out.b.data[0] == 0 && out.b.data[1] == 0xff && out.b.data[2] == 0);
    CHECK(out.m == RT_MOOD_IT_S_COMPLICATED);
    CHECK(!out.has_n_i32 && !out.has_n_txt && out.n_txt == NULL);
    /* Not given: the server's defaults. */
    CHECK(out.def_i32 == 42);
    CHECK_STR(out.def_txt, "it's");
    CHECK(out.def_m == RT_MOOD_SAD);
    CHECK(out.has_nd_i32 && out.nd_i32 == 7);
    rt_things_free(&out);
}

static void test_null_empty_and_not_given_stay_distinct(void)
{
    rt_things in, out;
    rt_db_error err;
    make_thing(&in, 1); /* nullable columns NULL */
    /* Not given: the defaults apply, also for nullable nd_i32. */
    CHECK_OK(rt_things_insert(&db, &out, &in, 0, &err));
    CHECK(out.def_i32 == 42 && out.has_nd_i32 && out.nd_i32 == 7);
    CHECK_STR(out.def_txt, "it's");
    rt_things_free(&out);
    /* Given as NULL: NULL, default or not. */
    in.has_nd_i32 = false;
    CHECK_OK(rt_things_insert(&db, &out, &in, RT_THINGS_COL_ND_I32, &err));
    CHECK(!out.has_nd_i32);
    int64_t id = out.id;
    rt_things_free(&out);
    /* Empty is not NULL. */
    in.has_n_txt = true;
    in.n_txt = "";
    in.has_n_b = true;
    in.n_b = (rt_bytea){NULL, 0};
    CHECK_OK(rt_things_insert(&db, &out, &in, 0, &err));
    CHECK(out.has_n_txt && out.n_txt && out.n_txt[0] == '\0');
    CHECK(out.has_n_b && out.n_b.len == 0);
    rt_things_free(&out);
    /* update_columns: set one column to NULL, one to a value, leave the rest. */
    rt_things change;
    memset(&change, 0, sizeof change);
    change.id = id;
    change.has_n_i32 = true;
    change.n_i32 = 99;
    change.has_nd_i32 = false;
    change.i32 = 12345; /* not in the mask: unchanged */
    CHECK_OK(rt_things_update_columns(&db, &out, &change, RT_THINGS_COL_N_I32 | RT_THINGS_COL_ND_I32, &err));
    CHECK(out.has_n_i32 && out.n_i32 == 99 && !out.has_nd_i32 && out.i32 == in.i32);
    rt_things_free(&out);
    change.has_n_i32 = false;
    CHECK_OK(rt_things_update_columns(&db, NULL, &change, RT_THINGS_COL_N_I32, &err));
    CHECK_OK(rt_things_get(&db, &out, id, &err));
    CHECK(!out.has_n_i32);
    /* A whole-row update writes every column. */
    out.i32 = 5;
    out.has_n_txt = true;
    out.n_txt = "now set";
    rt_things updated;
    CHECK_OK(rt_things_update(&db, &updated, &out, &err));
    CHECK(updated.i32 == 5 && same_str(updated.n_txt, "now set"));
    rt_things_free(&updated);
    out.n_txt = NULL; /* ours, not the row's */
    rt_things_free(&out);
    CHECK(rt_things_update_columns(&db, NULL, &change, 0, &err) == RT_ERROR);
    change.id = -42;
    CHECK(rt_things_update_columns(&db, NULL, &change, RT_THINGS_COL_I32, &err) == RT_NOT_FOUND);
}

/* With out_as_sent, an insert reads back only what the server made (key,
 * defaults); the values sent come back as sent, copied into out. */
static void test_insert_reads_back_only_server_made_values(void)
{
    db.out_as_sent = true;
    rt_db_error err;
    rt_things in, out, stored;
    make_thing(&in, 3);
    char txt[] = "sent text";
    in.txt = txt;
    in.num_scaled = "1.5";
    CHECK_OK(rt_things_insert(&db, &out, &in, RT_THINGS_COL_DEF_I32, &err));
    CHECK(out.txt != txt);
    txt[0] = 'X';
    CHECK_STR(out.txt, "sent text");
    CHECK_STR(out.num_scaled, "1.5"); /* as sent, not as stored */
    CHECK(out.def_i32 == in.def_i32);
    CHECK(out.id > 0 && same_str(out.def_txt, "it's") && out.def_m == RT_MOOD_SAD);
    CHECK(out.has_nd_i32 && out.nd_i32 == 7);
    CHECK_OK(rt_things_get(&db, &stored, out.id, &err));
    CHECK_STR(stored.num_scaled, "1.5000000000");
    CHECK_STR(stored.txt, "sent text");
    const char *stored_num = stored.num_scaled;
    stored.num_scaled = out.num_scaled; /* the one value that differs */
    in.id = out.id;
    in.txt = out.txt;
    CHECK(compare_things(&stored, &in, "stored") == 0);
    stored.num_scaled = stored_num;
    rt_things_free(&stored);
    rt_things_free(&out);
    /* The statement returns exactly the columns not sent. */
    check_query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE "
                "'INSERT INTO things %) VALUES (%) RETURNING id, def_txt, def_m, nd_i32'",
                "1");

    /* No out wanted: nothing is returned. */
    make_thing(&in, 3);
    CHECK_OK(rt_things_insert(&db, NULL, &in, 0, &err));
    CHECK_OK(rt_things_insert(&db, NULL, &in, RT_THINGS_COL_DEF_I32, &err));
    check_query("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'rt\\_things\\_insert\\_quiet\\_%' "
                "AND statement NOT LIKE '%RETURNING%'",
                "2");

    /* Every column sent: no RETURNING, and out is the row sent. */
    rt_pages page, page_out;
    char body[] = "page body";
    page.book = 7;
    page.page = 1;
    page.has_body = true;
    page.body = body;
    CHECK_OK(rt_pages_insert(&db, &page_out, &page, 0, &err));
    CHECK(page_out.book == 7 && page_out.page == 1 && page_out.has_body);
    CHECK(page_out.body != body && same_str(page_out.body, "page body"));
    rt_pages_free(&page_out);
    check_query("SELECT body FROM pages WHERE book = 7 AND page = 1", "page body");
    check_query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE "
                "'INSERT INTO pages %' AND statement LIKE '%RETURNING%'",
                "0");
    CHECK(rt_pages_insert(&db, &page_out, &page, 0, &err) == RT_UNIQUE_VIOLATION);
    page.page = 2;
    page.has_body = false;
    CHECK_OK(rt_pages_insert(&db, NULL, &page, 0, &err));
    CHECK_OK(rt_pages_insert(&db, &page_out, &(rt_pages){7, 3, false, NULL}, 0, &err));
    CHECK(!page_out.has_body && page_out.body == NULL);
    rt_pages_free(&page_out);
    check_query("SELECT count(*) FROM pages WHERE book = 7 AND body IS NULL", "2");
    exec_sql("DELETE FROM pages WHERE book = 7"); /* pagination counts pages */

    /* An upsert that updates reads the columns it did not send from the
     * row as it was, not from the defaults. */
    rt_owners o, o_out;
    memset(&o, 0, sizeof o);
    o.name = "kept rank";
    o.rank = 9;
    CHECK_OK(rt_owners_insert(&db, &o_out, &o, RT_OWNERS_COL_RANK, &err));
    o.id = o_out.id;
    rt_owners_free(&o_out);
    o.name = "kept rank, renamed";
    CHECK_OK(rt_owners_upsert(&db, &o_out, &o, 0, &err));
    CHECK(o_out.id == o.id && o_out.rank == 9 && same_str(o_out.name, "kept rank, renamed"));
    CHECK(o_out.created_at > 0 && !o_out.has_deleted_at);
    rt_owners_free(&o_out);
    db.out_as_sent = false;
}

/* By default insert's and upsert's out is the row as stored: numeric
 * rounded to its scale, char(n) padded, jsonb normalised, what a trigger
 * changed. */
static void test_insert_out_is_the_row_as_stored(void)
{
    rt_db_error err;
    rt_things in, out, stored;
    make_thing(&in, 2);
    in.num_scaled = "1.00500000004";
    in.ch = "ab";
    in.jb = "{\"b\": 1,   \"a\": [2]}";
    CHECK_OK(rt_things_insert(&db, &out, &in, RT_THINGS_COL_DEF_I32, &err));
    CHECK_STR(out.num_scaled, "1.0050000000");
    CHECK_STR(out.ch, "ab   ");
    CHECK_STR(out.jb, "{\"a\": [2], \"b\": 1}");
    CHECK_OK(rt_things_get(&db, &stored, out.id, &err));
    CHECK(compare_things(&out, &stored, "insert's out") == 0);
    rt_things_free(&stored);
    /* upsert, fixed and chosen columns alike */
    in.id = out.id;
    in.num_scaled = "2.25";
    rt_things_free(&out);
    CHECK_OK(rt_things_upsert(&db, &out, &in, 0, &err));
    CHECK_STR(out.num_scaled, "2.2500000000");
    rt_things_free(&out);
    CHECK_OK(rt_things_upsert(&db, &out, &in, RT_THINGS_COL_DEF_TXT, &err));
    CHECK_STR(out.ch, "ab   ");
    rt_things_free(&out);
    /* A trigger's change shows. */
    exec_sql("CREATE FUNCTION mark_label() RETURNS trigger LANGUAGE plpgsql AS "
             "$$BEGIN IF NEW.label LIKE 'trig%' THEN NEW.label := NEW.label || '!'; END IF; "
             "RETURN NEW; END$$;"
             "CREATE TRIGGER mark_label BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION mark_label()");
    rt_tags tag = {.label = "trig"}, tag_out;
    CHECK_OK(rt_tags_insert(&db, &tag_out, &tag, 0, &err));
    CHECK_STR(tag_out.label, "trig!");
    rt_tags_free(&tag_out);
    for (int i = 0; i < 16; i++)
        tag.id[i] = (uint8_t)(0xA0 + i);
    tag.label = "trig 2";
    CHECK_OK(rt_tags_insert(&db, &tag_out, &tag, RT_TAGS_COL_ID, &err));
    CHECK_STR(tag_out.label, "trig 2!");
    rt_tags_free(&tag_out);
}

static void test_errors_map_to_their_codes(void)
{
    rt_owners o, out;
    rt_db_error err;
    memset(&o, 0, sizeof o);
    o.name = "unique-one";
    CHECK_OK(rt_owners_insert(&db, &out, &o, 0, &err));
    int64_t owner = out.id;
    rt_owners_free(&out);

    CHECK(rt_owners_insert(&db, NULL, &o, 0, &err) == RT_UNIQUE_VIOLATION);
    CHECK_STR(err.sqlstate, "23505");
    CHECK_STR(err.constraint, "owners_name_key");
    CHECK_STR(err.table, "owners");

    o.name = "";
    CHECK(rt_owners_insert(&db, NULL, &o, 0, &err) == RT_CHECK_VIOLATION);
    CHECK_STR(err.constraint, "name_not_empty");

    o.name = NULL; /* NULL in a NOT NULL column */
    CHECK(rt_owners_insert(&db, NULL, &o, 0, &err) == RT_NOT_NULL_VIOLATION);
    CHECK_STR(err.column, "name");
    CHECK_STR(err.sqlstate, "23502");

    rt_things t;
    make_thing(&t, 4);
    t.has_owner_id = true;
    t.owner_id = 987654321;
    CHECK(rt_things_insert(&db, NULL, &t, 0, &err) == RT_FOREIGN_KEY_VIOLATION);
    CHECK_STR(err.constraint, "things_owner_id_fkey");
    CHECK(err.detail[0] != '\0');
    t.i32 = -1;
    t.owner_id = owner;
    CHECK(rt_things_insert(&db, NULL, &t, 0, &err) == RT_CHECK_VIOLATION);
    CHECK_STR(err.constraint, "i32_not_minus_one");

    CHECK(rt_owners_get(&db, &out, -1, &err) == RT_NOT_FOUND);
    CHECK(rt_owners_delete(&db, -1, &err) == RT_NOT_FOUND);
    CHECK(rt_owners_get_by_name(&db, &out, "no such name", NULL) == RT_NOT_FOUND);

    /* Bad input the server rejects: a generic error with the SQLSTATE. */
    t.i32 = 1;
    t.num = "twelve";
    CHECK(rt_things_insert(&db, NULL, &t, 0, &err) == RT_ERROR);
    CHECK_STR(err.sqlstate, "22P02");
    /* The same value through COPY is caught before it is sent. */
    CHECK(rt_things_insert_many(&db, &t, 1, 0, &err) == RT_ERROR);
    CHECK(strstr(err.message, "numeric") != NULL);
    /* A value outside an enum. */
    t.num = "1";
    t.m = (rt_mood)77;
    CHECK(rt_things_insert(&db, NULL, &t, 0, &err) == RT_ERROR);
    CHECK(strstr(err.message, "mood") != NULL);
    CHECK(rt_things_insert_many(&db, &t, 1, 0, &err) == RT_ERROR);
    /* The connection is fine afterwards. */
    CHECK_OK(rt_owners_get(&db, &out, owner, &err));
    rt_owners_free(&out);
    CHECK(PQtransactionStatus(conn) == PQTRANS_IDLE);
    /* err may be NULL. */
    CHECK(rt_owners_get(&db, &out, -1, NULL) == RT_NOT_FOUND);
    CHECK_STR(rt_db_status_name(RT_FOREIGN_KEY_VIOLATION), "RT_FOREIGN_KEY_VIOLATION");
}

static void test_soft_deleted_rows_are_hidden_and_restore_brings_them_back(void)
{
    rt_owners o, out;
    rt_db_error err;
    memset(&o, 0, sizeof o);
    o.name = "soft";
    o.has_email = true;
    o.email = "soft@example.com";
    CHECK_OK(rt_owners_insert(&db, &out, &o, 0, &err));
    int64_t id = out.id;
    CHECK(!out.has_deleted_at && out.created_at > 0 && out.updated_at == out.created_at);
    rt_owners_free(&out);
    int64_t before;
    CHECK_OK(rt_owners_count(&db, &before, NULL, &err));

    CHECK_OK(rt_owners_delete(&db, id, &err));
    CHECK(rt_owners_delete(&db, id, &err) == RT_NOT_FOUND);
    CHECK(rt_owners_get(&db, &out, id, &err) == RT_NOT_FOUND);
    CHECK(rt_owners_get_by_email(&db, &out, "soft@example.com", &err) == RT_NOT_FOUND);
    CHECK(rt_owners_get_by_name(&db, &out, "soft", &err) == RT_NOT_FOUND);
    o.id = id;
    o.name = "renamed";
    CHECK(rt_owners_update(&db, NULL, &o, &err) == RT_NOT_FOUND);
    int64_t after;
    CHECK_OK(rt_owners_count(&db, &after, NULL, &err));
    CHECK(after == before - 1);
    rt_owners_array rows;
    CHECK_OK(rt_owners_list(&db, &rows, NULL, 0, &err));
    for (size_t i = 0; i < rows.n; i++)
        CHECK(rows.items[i].id != id);
    rt_owners_array_free(&rows);
    rt_owners_filter f = RT_OWNERS_FILTER_INIT;
    f.eq = RT_OWNERS_COL_ID;
    f.value.id = id;
    CHECK_OK(rt_owners_find(&db, &rows, &f, &err));
    CHECK(rows.n == 0);
    rt_owners_array_free(&rows);
    f.with_deleted = true;
    CHECK_OK(rt_owners_find(&db, &rows, &f, &err));
    CHECK(rows.n == 1 && rows.items[0].has_deleted_at);
    rt_owners_array_free(&rows);
    /* The email is free again among live rows (partial unique index). */
    rt_owners other;
    memset(&other, 0, sizeof other);
    other.name = "soft 2";
    other.has_email = true;
    other.email = "soft@example.com";
    CHECK_OK(rt_owners_insert(&db, &out, &other, 0, &err));
    int64_t other_id = out.id;
    rt_owners_free(&out);
    /* Restoring now would break the live uniqueness of the email. */
    CHECK(rt_owners_restore(&db, id, &err) == RT_UNIQUE_VIOLATION);
    CHECK_STR(err.constraint, "owners_live_email_key");
    CHECK_OK(rt_owners_hard_delete(&db, other_id, &err));
    CHECK_OK(rt_owners_restore(&db, id, &err));
    CHECK(rt_owners_restore(&db, id, &err) == RT_NOT_FOUND);
    CHECK_OK(rt_owners_get_by_email(&db, &out, "soft@example.com", &err));
    CHECK(out.id == id && !out.has_deleted_at);
    rt_owners_free(&out);
    /* Upsert restores a deleted row. */
    CHECK_OK(rt_owners_delete(&db, id, &err));
    o.id = id;
    o.name = "soft again";
    CHECK_OK(rt_owners_upsert(&db, &out, &o, 0, &err));
    CHECK(out.id == id && !out.has_deleted_at && same_str(out.name, "soft again"));
    rt_owners_free(&out);
    /* Hard delete removes it for good, deleted or not. */
    CHECK_OK(rt_owners_delete(&db, id, &err));
    CHECK_OK(rt_owners_hard_delete(&db, id, &err));
    CHECK(rt_owners_restore(&db, id, &err) == RT_NOT_FOUND);
    CHECK(rt_owners_hard_delete(&db, id, &err) == RT_NOT_FOUND);
}

static void test_keyset_pagination_visits_every_row_once(void)
{
    rt_db_error err;
    enum { N = 1000 };
    rt_pages *pages = calloc(N, sizeof *pages);
    for (int i = 0; i < N; i++) {
        pages[i].book = i % 7;
        pages[i].page = i / 7;
        if (i % 3) {
            pages[i].has_body = true;
            pages[i].body = hostile[i % NHOSTILE];
        }
    }
    CHECK_OK(rt_pages_insert_many(&db, pages, N, 0, &err));
    free(pages);
    /* Composite key (book, page): keyset on the row value. */
    unsigned char *seen = calloc(N, 1);
    int visited = 0, last_book = -1, last_page = -1, pages_read = 0;
    bool ordered = true;
    rt_pages_array page;
    CHECK_OK(rt_pages_list(&db, &page, NULL, 37, &err));
    while (page.n > 0) {
        pages_read++;
        for (size_t i = 0; i < page.n; i++) {
            const rt_pages *p = &page.items[i];
            int k = p->page * 7 + p->book;
            if (k >= 0 && k < N)
                seen[k]++;
            visited++;
            if (p->book < last_book || (p->book == last_book && p->page <= last_page))
                ordered = false;
            last_book = p->book;
            last_page = p->page;
            CHECK(p->has_body == ((k % 3) != 0));
        }
        rt_pages_array next;
        CHECK_OK(rt_pages_list(&db, &next, &page.items[page.n - 1], 37, &err));
        rt_pages_array_free(&page);
        page = next;
    }
    rt_pages_array_free(&page);
    CHECK_INT(visited, N);
    CHECK(ordered);
    CHECK_INT(pages_read, (N + 36) / 37);
    int once = 0;
    for (int i = 0; i < N; i++)
        once += seen[i] == 1;
    CHECK_INT(once, N);
    free(seen);
    int64_t count;
    CHECK_OK(rt_pages_count(&db, &count, NULL, &err));
    CHECK_INT(count, N);
}

/* find against the server's own answer to the same conditions. */
static void test_find_matches_a_hand_written_query(void)
{
    rt_db_error err;
    static const char *const words[] = {"alpha", "beta", "gamma", "it's", "Zeta", ""};
    enum { N = 300 };
    rt_things *rows = calloc(N, sizeof *rows);
    for (int i = 0; i < N; i++) {
        make_thing(&rows[i], i % 2 ? 5 : 6);
        rows[i].i32 = rnd_below(10);
        rows[i].i64 = rnd_below(5) - 2;
        rows[i].txt = words[rnd_below(6)];
        rows[i].tstz = (int64_t)rnd_below(4) * 1000000 - 1;
        rows[i].has_n_i32 = rnd_below(3) != 0;
        rows[i].n_i32 = rnd_below(4);
        rows[i].def_i32 = 1000; /* marks this batch */
    }
    CHECK_OK(rt_things_insert_many(&db, rows, N, RT_THINGS_COL_DEF_I32, &err));
    free(rows);
    int mismatches = 0;
    for (int round = 0; round < 200; round++) {
        rt_things_filter f = RT_THINGS_FILTER_INIT;
        char where[1024] = "def_i32 = 1000", order[128], tail[64] = "";
        f.eq = RT_THINGS_COL_DEF_I32;
        f.value.def_i32 = 1000;
        int nconds = 1 + rnd_below(3);
        for (int c = 0; c < nconds; c++) {
            static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
            int op = rnd_below(6), col = rnd_below(5);
            char cond[256];
            uint64_t *mask = op == 0 ? &f.eq : op == 1 ? &f.ne : op == 2 ? &f.lt : op == 3 ? &f.le : op == 4 ? &f.gt : &f.ge;
            rt_things *v = op < 2 ? &f.value : op < 4 ? &f.high : &f.low;
            /* Columns that already have a value in v (eq and ne share one). */
            uint64_t taken = op < 2 ? f.eq | f.ne : op < 4 ? f.lt | f.le : f.gt | f.ge;
            if (col == 0 && !(taken & RT_THINGS_COL_I32)) {
                v->i32 = rnd_below(10);
                *mask |= RT_THINGS_COL_I32;
                snprintf(cond, sizeof cond, " AND i32 %s %d", ops[op], v->i32);
            } else if (col == 1 && !(taken & RT_THINGS_COL_I64)) {
                v->i64 = rnd_below(5) - 2;
                *mask |= RT_THINGS_COL_I64;
                snprintf(cond, sizeof cond, " AND i64 %s %" PRId64, ops[op], v->i64);
            } else if (col == 2 && !(taken & RT_THINGS_COL_TXT)) {
                int w = rnd_below(6);
                v->txt = words[w];
                *mask |= RT_THINGS_COL_TXT;
                snprintf(cond, sizeof cond, " AND txt %s '%s'", ops[op], w == 3 ? "it''s" : words[w]);
            } else if (col == 3 && !(taken & RT_THINGS_COL_TSTZ)) {
                v->tstz = (int64_t)rnd_below(4) * 1000000 - 1;
                *mask |= RT_THINGS_COL_TSTZ;
                snprintf(cond, sizeof cond,
                         " AND tstz %s 'epoch'::timestamptz + %" PRId64 " * interval '1 microsecond'",
                         ops[op], v->tstz);
            } else if (col == 4 && !((f.eq | f.ne | f.is_null | f.is_not_null) & RT_THINGS_COL_N_I32)) {
                int kind = rnd_below(4);
                if (kind == 0) {
                    f.is_null |= RT_THINGS_COL_N_I32;
                    snprintf(cond, sizeof cond, " AND n_i32 IS NULL");
                } else if (kind == 1) {
                    f.is_not_null |= RT_THINGS_COL_N_I32;
                    snprintf(cond, sizeof cond, " AND n_i32 IS NOT NULL");
                } else if (kind == 2) { /* eq with a NULL value: IS NULL */
                    f.eq |= RT_THINGS_COL_N_I32;
                    f.value.has_n_i32 = false;
                    snprintf(cond, sizeof cond, " AND n_i32 IS NULL");
                } else {
                    f.ne |= RT_THINGS_COL_N_I32;
                    f.value.has_n_i32 = true;
                    f.value.n_i32 = rnd_below(4);
                    snprintf(cond, sizeof cond, " AND n_i32 <> %d", f.value.n_i32);
                }
            } else {
                continue;
            }
            strncat(where, cond, sizeof where - strlen(where) - 1);
        }
        static const char *const order_cols[] = {"id", "i32", "txt", "tstz"};
        static const uint64_t order_bits[] = {0, RT_THINGS_COL_I32, RT_THINGS_COL_TXT, RT_THINGS_COL_TSTZ};
        int oc = rnd_below(4);
        f.order_by = order_bits[oc];
        f.descending = rnd_below(2);
        const char *dir = f.descending ? " DESC" : "";
        if (oc == 0)
            snprintf(order, sizeof order, "id%s", dir);
        else
            snprintf(order, sizeof order, "%s%s, id%s", order_cols[oc], dir, dir);
        if (rnd_below(2)) {
            f.limit = (size_t)rnd_below(20) + 1;
            f.offset = (size_t)rnd_below(5);
            snprintf(tail, sizeof tail, " LIMIT %zu OFFSET %zu", f.limit, f.offset);
        }
        char sql[2048];
        snprintf(sql, sizeof sql, "SELECT id FROM things WHERE %s ORDER BY %s%s", where, order, tail);
        PGresult *res = PQexec(conn, sql);
        rt_things_array found;
        CHECK_OK(rt_things_find(&db, &found, &f, &err));
        bool same = PQresultStatus(res) == PGRES_TUPLES_OK && (size_t)PQntuples(res) == found.n;
        for (size_t i = 0; same && i < found.n; i++)
            same = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10) == found.items[i].id;
        int64_t count;
        char count_sql[2048];
        snprintf(count_sql, sizeof count_sql, "SELECT count(*) FROM things WHERE %s", where);
        CHECK_OK(rt_things_count(&db, &count, &f, &err));
        char *want_count = query_value(count_sql);
        same = same && want_count && strtoll(want_count, NULL, 10) == count;
        free(want_count);
        if (!same) {
            mismatches++;
            fprintf(stderr, "find differs from: %s (%d rows by SQL, %zu by find)\n", sql,
                    PQntuples(res), found.n);
        }
        PQclear(res);
        rt_things_array_free(&found);
    }
    CHECK_INT(mismatches, 0);
}

static void test_batch_list_by_equals_per_parent_calls(void)
{
    rt_db_error err;
    enum { OWNERS = 20, THINGS = 200 };
    int64_t owners[OWNERS];
    for (int i = 0; i < OWNERS; i++) {
        rt_owners o, out;
        char name[32];
        memset(&o, 0, sizeof o);
        snprintf(name, sizeof name, "batch %d", i);
        o.name = name;
        CHECK_OK(rt_owners_insert(&db, &out, &o, 0, &err));
        owners[i] = out.id;
        rt_owners_free(&out);
    }
    rt_things *rows = calloc(THINGS, sizeof *rows);
    for (int i = 0; i < THINGS; i++) {
        make_thing(&rows[i], i % 8);
        int o = rnd_below(OWNERS + 3);
        rows[i].has_owner_id = o < OWNERS && o != 5; /* owner 5 has none */
        rows[i].owner_id = rows[i].has_owner_id ? owners[o] : 0;
    }
    CHECK_OK(rt_things_insert_many(&db, rows, THINGS, 0, &err));
    free(rows);
    /* Keys in any order, with a repeat and a key that has no rows. */
    int64_t keys[OWNERS + 2];
    for (int i = 0; i < OWNERS; i++)
        keys[i] = owners[OWNERS - 1 - i];
    keys[OWNERS] = owners[3];
    keys[OWNERS + 1] = -7;
    size_t counts[OWNERS + 2];
    rt_things_array batch;
    CHECK_OK(rt_things_list_by_owner_id_many(&db, &batch, keys, OWNERS + 2, counts, &err));
    size_t at = 0, total = 0;
    int differ = 0;
    for (int k = 0; k < OWNERS + 2; k++) {
        rt_things_array one;
        CHECK_OK(rt_things_list_by_owner_id(&db, &one, keys[k], &err));
        if (counts[k] != one.n)
            differ++;
        for (size_t i = 0; i < one.n && at + i < batch.n; i++)
            if (one.items[i].id != batch.items[at + i].id ||
                compare_things(&batch.items[at + i], &one.items[i], "batch") != 0)
                differ++;
        at += counts[k];
        total += one.n;
        rt_things_array_free(&one);
    }
    CHECK_INT(differ, 0);
    CHECK(total == batch.n && at == batch.n);
    CHECK(counts[OWNERS + 1] == 0 && counts[OWNERS - 1 - 5] == 0);
    rt_things_array_free(&batch);
    /* NULL counts and zero keys are fine. */
    CHECK_OK(rt_things_list_by_owner_id_many(&db, &batch, keys, 3, NULL, &err));
    rt_things_array_free(&batch);
    CHECK_OK(rt_things_list_by_owner_id_many(&db, &batch, keys, 0, NULL, &err));
    CHECK(batch.n == 0);
    rt_things_array_free(&batch);

    /* Many-to-many both ways, through owner_tags (uuid keys). */
    enum { TAGS = 6 };
    rt_tags tags[TAGS];
    for (int i = 0; i < TAGS; i++) {
        rt_tags t;
        char label[32];
        memset(&t, 0, sizeof t);
        snprintf(label, sizeof label, "tag %d", i);
        t.label = label;
        CHECK_OK(rt_tags_insert(&db, &tags[i], &t, 0, &err));
    }
    for (int i = 0; i < OWNERS; i++)
        for (int j = 0; j < TAGS; j++)
            if ((i + j) % 3 == 0) {
                rt_owner_tags link;
                memset(&link, 0, sizeof link);
                link.owner_id = owners[i];
                memcpy(link.tag_id, tags[j].id, 16);
                link.weight = i * 10 + j;
                CHECK_OK(rt_owner_tags_insert(&db, NULL, &link, RT_OWNER_TAGS_COL_WEIGHT, &err));
            }
    uint8_t tag_keys[TAGS][16];
    for (int j = 0; j < TAGS; j++)
        memcpy(tag_keys[j], tags[j].id, 16);
    size_t tag_counts[TAGS];
    rt_owners_array owners_of;
    CHECK_OK(rt_owners_list_by_owner_tags_tag_id_many(&db, &owners_of, &tag_keys[0][0], TAGS, tag_counts, &err));
    at = 0;
    differ = 0;
    for (int j = 0; j < TAGS; j++) {
        rt_owners_array one;
        CHECK_OK(rt_owners_list_by_owner_tags_tag_id(&db, &one, tags[j].id, &err));
        int want = 0;
        for (int i = 0; i < OWNERS; i++)
            want += (i + j) % 3 == 0;
        if ((int)one.n != want || tag_counts[j] != one.n)
            differ++;
        for (size_t i = 0; i < one.n && at + i < owners_of.n; i++)
            differ += one.items[i].id != owners_of.items[at + i].id;
        at += tag_counts[j];
        rt_owners_array_free(&one);
    }
    CHECK_INT(differ, 0);
    rt_owners_array_free(&owners_of);
    rt_tags_array tags_of;
    CHECK_OK(rt_tags_list_by_owner_tags_owner_id_many(&db, &tags_of, owners, OWNERS, NULL, &err));
    size_t want_links = 0;
    for (int i = 0; i < OWNERS; i++)
        for (int j = 0; j < TAGS; j++)
            want_links += (i + j) % 3 == 0;
    CHECK(tags_of.n == want_links);
    rt_tags_array_free(&tags_of);
    rt_tags_array one_owner;
    CHECK_OK(rt_tags_list_by_owner_tags_owner_id(&db, &one_owner, owners[0], &err));
    CHECK(one_owner.n == 2); /* tags 0 and 3 */
    rt_tags_array_free(&one_owner);
    for (int j = 0; j < TAGS; j++)
        rt_tags_free(&tags[j]);

    /* A composite foreign key, batched; soft-deleted children are skipped. */
    rt_notes note;
    memset(&note, 0, sizeof note);
    int note_ids[4];
    for (int i = 0; i < 4; i++) {
        rt_notes out;
        note.book = 1;
        note.page = i % 2;
        note.note = "n";
        CHECK_OK(rt_notes_insert(&db, &out, &note, 0, &err));
        note_ids[i] = out.id;
        rt_notes_free(&out);
    }
    CHECK_OK(rt_notes_delete(&db, note_ids[2], &err));
    int32_t books[2] = {1, 1}, page_numbers[2] = {0, 1};
    size_t note_counts[2];
    rt_notes_array notes;
    CHECK_OK(rt_notes_list_by_book_and_page_many(&db, &notes, books, page_numbers, 2, note_counts, &err));
    CHECK(note_counts[0] == 1 && note_counts[1] == 2 && notes.n == 3);
    rt_notes_array_free(&notes);
}

static void test_copy_and_upsert_many_round_trip_every_type(void)
{
    rt_db_error err;
    enum { N = NVARIANTS };
    rt_things rows[N];
    for (int k = 0; k < N; k++) {
        make_thing(&rows[k], k);
        rows[k].def_i32 = 2000 + k; /* marks this batch, in order */
    }
    CHECK_OK(rt_things_insert_many(&db, rows, N, THINGS_GIVEN, &err));
    rt_things_filter f = RT_THINGS_FILTER_INIT;
    f.ge = f.lt = RT_THINGS_COL_DEF_I32;
    f.low.def_i32 = 2000;
    f.high.def_i32 = 2000 + N;
    f.order_by = RT_THINGS_COL_DEF_I32;
    rt_things_array got;
    CHECK_OK(rt_things_find(&db, &got, &f, &err));
    CHECK_INT(got.n, N);
    for (size_t i = 0; i < got.n && i < N; i++) {
        rows[i].id = got.items[i].id;
        CHECK(compare_things(&got.items[i], &rows[i], "COPY") == 0);
    }
    /* upsert_many: update them all through unnest arrays, and add one. */
    rt_things more[N + 1];
    for (size_t i = 0; i < got.n && i < N; i++) {
        make_thing(&more[i], (int)i + 1);
        more[i].id = got.items[i].id;
        more[i].def_i32 = 2000 + (int)i;
    }
    make_thing(&more[N], 7);
    char *max_id = query_value("SELECT max(id) + 1000 FROM things");
    more[N].id = max_id ? strtoll(max_id, NULL, 10) : 1;
    more[N].def_i32 = 2000 + N;
    free(max_id);
    rt_things_array_free(&got);
    CHECK_OK(rt_things_upsert_many(&db, more, N + 1, THINGS_GIVEN, &err));
    f.high.def_i32 = 2000 + N + 1;
    CHECK_OK(rt_things_find(&db, &got, &f, &err));
    CHECK_INT(got.n, N + 1);
    for (size_t i = 0; i < got.n && i < N + 1; i++)
        CHECK(compare_things(&got.items[i], &more[i], "upsert_many") == 0);
    rt_things_array_free(&got);
    /* Single upsert: insert then update. */
    rt_owners o, out;
    memset(&o, 0, sizeof o);
    o.id = 424242;
    o.name = "upserted";
    o.rank = 3;
    CHECK_OK(rt_owners_upsert(&db, &out, &o, RT_OWNERS_COL_RANK, &err));
    CHECK(out.id == 424242 && out.rank == 3);
    rt_owners_free(&out);
    o.name = "upserted twice";
    CHECK_OK(rt_owners_upsert(&db, &out, &o, 0, &err));
    CHECK(out.id == 424242 && out.rank == 3 && same_str(out.name, "upserted twice"));
    rt_owners_free(&out);
    /* Tables of only a key and defaults. */
    rt_tags tag, tag_out;
    memset(&tag, 0, sizeof tag);
    tag.label = "upsert tag";
    for (int i = 0; i < 16; i++)
        tag.id[i] = (uint8_t)i;
    CHECK_OK(rt_tags_upsert(&db, &tag_out, &tag, 0, &err));
    CHECK(!memcmp(tag_out.id, tag.id, 16));
    rt_tags_free(&tag_out);
    CHECK_OK(rt_tags_upsert_many(&db, &tag, 1, 0, &err));
    CHECK_OK(rt_tags_get(&db, &tag_out, tag.id, &err));
    CHECK_STR(tag_out.label, "upsert tag");
    rt_tags_free(&tag_out);
}

static void test_masks_choose_columns_and_many_shapes_work(void)
{
    rt_db_error err;
    /* More shapes than a handle remembers: the rest run unprepared. */
    for (int shape = 0; shape < RT_DB_SHAPES + 8; shape++) {
        rt_things in, out;
        make_thing(&in, 2);
        uint64_t mask = 0;
        if (shape & 1)
            mask |= RT_THINGS_COL_DEF_I32;
        if (shape & 2)
            mask |= RT_THINGS_COL_DEF_TXT;
        if (shape & 4)
            mask |= RT_THINGS_COL_DEF_M;
        if (shape & 8)
            mask |= RT_THINGS_COL_ND_I32;
        if (shape & 16)
            mask |= RT_THINGS_COL_ID, in.id = 900000 + shape;
        if (shape & 32)
            mask |= RT_THINGS_COL_I16; /* always sent anyway */
        CHECK_OK(rt_things_insert(&db, &out, &in, mask, &err));
        CHECK(out.def_i32 == ((shape & 1) ? -5 : 42));
        CHECK_STR(out.def_txt, (shape & 2) ? "given" : "it's");
        CHECK(out.def_m == ((shape & 4) ? RT_MOOD_HAPPY : RT_MOOD_SAD));
        CHECK(!(shape & 16) || out.id == 900000 + shape);
        rt_things change = out;
        change.i16 = (int16_t)shape;
        change.has_n_txt = true;
        change.n_txt = "shape";
        rt_things updated;
        CHECK_OK(rt_things_update_columns(&db, &updated, &change, (uint64_t)shape * RT_THINGS_COL_I16 | RT_THINGS_COL_N_TXT, &err));
        CHECK(same_str(updated.n_txt, "shape"));
        rt_things_free(&updated);
        rt_things_free(&out);
    }
    /* The connection remembers RT_DB_SHAPES shapes (named ..._kind__hash). */
    check_query("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '%\\_\\_%'", "32");
}

static void test_unprepared_mode_works_and_prepares_nothing(const char *conninfo)
{
    PGconn *c = pgtest_connect_to(conninfo);
    rt_db plain;
    rt_db_init(&plain, c);
    plain.unprepared = true;
    rt_db_error err;
    rt_owners o, out;
    memset(&o, 0, sizeof o);
    o.name = "unprepared";
    CHECK_OK(rt_owners_insert(&plain, &out, &o, RT_OWNERS_COL_RANK, &err));
    int64_t id = out.id;
    rt_owners_free(&out);
    CHECK_OK(rt_owners_get(&plain, &out, id, &err));
    CHECK_STR(out.name, "unprepared");
    rt_owners_free(&out);
    o.id = id;
    o.name = "unprepared 2";
    CHECK_OK(rt_owners_update_columns(&plain, &out, &o, RT_OWNERS_COL_NAME, &err));
    CHECK_STR(out.name, "unprepared 2");
    rt_owners_free(&out);
    rt_owners_array rows;
    CHECK_OK(rt_owners_list(&plain, &rows, NULL, 5, &err));
    CHECK(rows.n == 5);
    rt_owners_array_free(&rows);
    rt_owners_filter f = RT_OWNERS_FILTER_INIT;
    f.eq = RT_OWNERS_COL_NAME;
    f.value.name = "unprepared 2";
    CHECK_OK(rt_owners_find(&plain, &rows, &f, &err));
    CHECK(rows.n == 1);
    rt_owners_array_free(&rows);
    CHECK_OK(rt_owners_upsert(&plain, NULL, &o, 0, &err));
    CHECK_OK(rt_owners_delete(&plain, id, &err));
    CHECK_OK(rt_owners_restore(&plain, id, &err));
    CHECK(rt_owners_insert(&plain, NULL, &o, 0, &err) == RT_UNIQUE_VIOLATION);
    char *n = pgtest_query_value(c, "SELECT count(*) FROM pg_prepared_statements");
    CHECK_STR(n, "0");
    free(n);
    PQfinish(c);
}

/* Names longer than 63 bytes would collide in PostgreSQL if cut. */
typedef rt_a_table_with_a_rather_long_name_to_test_statement_names long_row;

static void test_long_statement_names_do_not_collide(void)
{
    rt_db_error err;
    rt_owners o, owner;
    memset(&o, 0, sizeof o);
    o.name = "long names";
    CHECK_OK(rt_owners_insert(&db, &owner, &o, 0, &err));
    long_row r, out;
    memset(&r, 0, sizeof r);
    r.owner_id = owner.id;
    r.label = "given";
    CHECK_OK(rt_a_table_with_a_rather_long_name_to_test_statement_names_insert(
        &db, &out, &r, RT_A_TABLE_WITH_A_RATHER_LONG_NAME_TO_TEST_STATEMENT_NAMES_COL_LABEL, &err));
    CHECK_STR(out.label, "given");
    rt_a_table_with_a_rather_long_name_to_test_statement_names_free(&out);
    CHECK_OK(rt_a_table_with_a_rather_long_name_to_test_statement_names_insert(&db, NULL, &r, 0, &err));
    rt_a_table_with_a_rather_long_name_to_test_statement_names_array one, many;
    CHECK_OK(rt_a_table_with_a_rather_long_name_to_test_statement_names_list_by_owner_id(
        &db, &one, owner.id, &err));
    size_t counts[1];
    CHECK_OK(rt_a_table_with_a_rather_long_name_to_test_statement_names_list_by_owner_id_many(
        &db, &many, &owner.id, 1, counts, &err));
    CHECK(one.n == 2 && many.n == 2 && counts[0] == 2);
    if (one.n == 2) {
        CHECK_STR(one.items[1].label, "x");
        r = one.items[1];
        r.label = "changed";
        CHECK_OK(rt_a_table_with_a_rather_long_name_to_test_statement_names_update_columns(
            &db, &out, &r, RT_A_TABLE_WITH_A_RATHER_LONG_NAME_TO_TEST_STATEMENT_NAMES_COL_LABEL, &err));
        CHECK_STR(out.label, "changed");
        rt_a_table_with_a_rather_long_name_to_test_statement_names_free(&out);
    }
    rt_a_table_with_a_rather_long_name_to_test_statement_names_array_free(&one);
    rt_a_table_with_a_rather_long_name_to_test_statement_names_array_free(&many);
    char *n = query_value("SELECT count(*) FROM pg_prepared_statements WHERE length(name) > 63");
    CHECK_STR(n, "0");
    free(n);
    rt_owners_free(&owner);
}

static void test_prepared_statements_survive_discard_all(void)
{
    rt_db_error err;
    rt_owners out;
    rt_owners_array rows;
    CHECK_OK(rt_owners_list(&db, &rows, NULL, 1, &err));
    CHECK(rows.n == 1);
    int64_t id = rows.n ? rows.items[0].id : 0;
    rt_owners_array_free(&rows);
    CHECK_OK(rt_owners_get(&db, &out, id, &err));
    rt_owners_free(&out);
    char *before = query_value("SELECT count(*) > 0 FROM pg_prepared_statements");
    CHECK_STR(before, "t");
    free(before);
    /* Outside a transaction, a statement the server forgot is prepared again. */
    exec_sql("DISCARD ALL");
    CHECK_OK(rt_owners_get(&db, &out, id, &err));
    rt_owners_free(&out);
    /* A second handle on the same connection reuses the statements. */
    rt_db second;
    rt_db_init(&second, conn);
    CHECK_OK(rt_owners_get(&second, &out, id, &err));
    rt_owners_free(&out);
    /* The documented way: tell the handle right after DISCARD ALL. */
    exec_sql("DISCARD ALL");
    rt_db_discard(&db);
    /* Inside a transaction everything works too, and rolls back. */
    exec_sql("BEGIN");
    CHECK_OK(rt_owners_delete(&db, id, &err));
    CHECK(rt_owners_get(&db, &out, id, &err) == RT_NOT_FOUND);
    exec_sql("ROLLBACK");
    CHECK_OK(rt_owners_get(&db, &out, id, &err));
    rt_owners_free(&out);
}

/* ---- handles, connections, drift ---- */

/* Two handles on one connection share what it has prepared: the second
 * prepares nothing again, so inside BEGIN ... COMMIT nothing aborts. */
static void test_two_handles_on_one_connection_work_inside_a_transaction(const char *conninfo)
{
    PGconn *c = pgtest_connect_to(conninfo);
    rt_db first, second;
    rt_db_init(&first, c);
    rt_db_init(&second, c);
    rt_db_error err;
    rt_owners o, out;
    memset(&o, 0, sizeof o);
    o.name = "two handles";
    CHECK(pgtest_exec(c, "BEGIN") == 0);
    CHECK_OK(rt_owners_insert(&first, &out, &o, 0, &err));
    int64_t id = out.id;
    rt_owners_free(&out);
    CHECK_OK(rt_owners_get(&first, &out, id, &err));
    rt_owners_free(&out);
    CHECK_OK(rt_owners_get(&second, &out, id, &err));
    rt_owners_free(&out);
    o.id = id;
    o.rank = 5;
    CHECK_OK(rt_owners_update_columns(&first, NULL, &o, RT_OWNERS_COL_RANK, &err));
    o.rank = 6;
    CHECK_OK(rt_owners_update_columns(&second, NULL, &o, RT_OWNERS_COL_RANK, &err));
    o.name = "two handles 2";
    CHECK_OK(rt_owners_insert(&second, NULL, &o, RT_OWNERS_COL_RANK, &err));
    CHECK(pgtest_exec(c, "COMMIT") == 0);
    check_query("SELECT string_agg(rank::text, ',' ORDER BY name) FROM owners WHERE name LIKE 'two handles%'",
                "6,6");
    /* A third handle made mid-transaction finds them too. */
    CHECK(pgtest_exec(c, "BEGIN") == 0);
    rt_db third;
    rt_db_init(&third, c);
    CHECK_OK(rt_owners_get(&third, &out, id, &err));
    rt_owners_free(&out);
    CHECK_OK(rt_owners_update_columns(&third, NULL, &o, RT_OWNERS_COL_RANK, &err));
    CHECK(pgtest_exec(c, "COMMIT") == 0);
    PQfinish(c);
}

/* PQreset drops the prepared statements; the next calls prepare again,
 * even inside a transaction. */
static void test_calls_after_pqreset_prepare_again(const char *conninfo)
{
    PGconn *c = pgtest_connect_to(conninfo);
    rt_db h;
    rt_db_init(&h, c);
    rt_db_error err;
    rt_owners o, out;
    memset(&o, 0, sizeof o);
    o.name = "reset";
    CHECK_OK(rt_owners_insert(&h, &out, &o, RT_OWNERS_COL_RANK, &err));
    int64_t id = out.id;
    rt_owners_free(&out);
    CHECK_OK(rt_owners_get(&h, &out, id, &err));
    rt_owners_free(&out);
    PQreset(c);
    CHECK(PQstatus(c) == CONNECTION_OK);
    CHECK(pgtest_exec(c, "BEGIN") == 0);
    CHECK_OK(rt_owners_get(&h, &out, id, &err));
    rt_owners_free(&out);
    o.id = id;
    o.rank = 9;
    CHECK_OK(rt_owners_update_columns(&h, NULL, &o, RT_OWNERS_COL_RANK, &err));
    o.name = "reset 2";
    CHECK_OK(rt_owners_insert(&h, NULL, &o, RT_OWNERS_COL_RANK, &err));
    CHECK(pgtest_exec(c, "COMMIT") == 0);
    check_query("SELECT string_agg(rank::text, ',' ORDER BY name) FROM owners WHERE name LIKE 'reset%'",
                "9,9");
    PQfinish(c);
}

/* A statement prepared by hand under a function's name, with other SQL, is
 * not taken for the function's. */
static void test_a_statement_prepared_by_hand_under_a_clashing_name_is_ignored(const char *conninfo)
{
    PGconn *c = pgtest_connect_to(conninfo);
    static const char *const names[] = {"rt_owners_get", "rt_owners_insert",
                                        "rt_owners_update_columns_2", "rt_0", "rt_1"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        PGresult *res = PQprepare(c, names[i], "SELECT 1", 0, NULL);
        CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
        PQclear(res);
    }
    rt_db h;
    rt_db_init(&h, c);
    rt_db_error err;
    rt_owners o, out;
    memset(&o, 0, sizeof o);
    o.name = "clash";
    CHECK_OK(rt_owners_insert(&h, &out, &o, 0, &err));
    int64_t id = out.id;
    rt_owners_free(&out);
    CHECK_OK(rt_owners_get(&h, &out, id, &err));
    CHECK_STR(out.name, "clash");
    rt_owners_free(&out);
    CHECK(pgtest_exec(c, "BEGIN") == 0);
    rt_tags_array tags;
    CHECK_OK(rt_tags_list(&h, &tags, NULL, 0, &err));
    rt_tags_array_free(&tags);
    CHECK_OK(rt_owners_get(&h, &out, id, &err));
    CHECK_STR(out.name, "clash");
    rt_owners_free(&out);
    CHECK(pgtest_exec(c, "COMMIT") == 0);
    PQfinish(c);
}

/* numeric text that insert sends as text is read alike by COPY and unnest:
 * each input is accepted by all three paths or refused by all, and stored
 * alike. */
static void test_numeric_inputs_are_read_alike_by_insert_copy_and_unnest(void)
{
    static const char *const inputs[] = {
        " 42 ", "nan", "NaN", "NAN", "inf", "-inf", "+inf", "INF", "Infinity", "-Infinity",
        "+Infinity", "infinity", "-INFINITY", "\t7\n", " \r\v\f8", ".5", "5.", "-.5", "+3", "1e3",
        "1E-3", "1.5e+2", "1e 5", "0e200000", "00012.3400", "-0", "-0.000", "1e-16383",
        /* refused */
        "", " ", "-NaN", "+nan", "nanx", "infinit", "Infinityy", "-", "+", ".", "-.", "1.2.3",
        "1e", "1e+", "e5", "1 2", "abc", "0x1F", "1e-16384", "1e200000", "--1", "1,5",
    };
    enum { N = sizeof inputs / sizeof *inputs };
    rt_db_error err;
    exec_sql("DELETE FROM amounts");
    for (int i = 0; i < N; i++) {
        rt_amounts row = {.id = i, .has_v = true, .v = inputs[i]};
        rt_db_status one = rt_amounts_insert(&db, NULL, &row, 0, &err);
        row.id = 1000 + i;
        rt_db_status copy = rt_amounts_insert_many(&db, &row, 1, 0, &err);
        row.id = 2000 + i;
        rt_db_status unnest = rt_amounts_upsert_many(&db, &row, 1, 0, &err);
        if (one != copy || one != unnest)
            fprintf(stderr, "  numeric input \"%s\": insert %s, insert_many %s, upsert_many %s\n",
                    inputs[i], rt_db_status_name(one), rt_db_status_name(copy),
                    rt_db_status_name(unnest));
        CHECK(one == copy && one == unnest);
    }
    check_query("SELECT count(*) FROM amounts a JOIN amounts b ON b.id = a.id + 1000 "
                "JOIN amounts c ON c.id = a.id + 2000 "
                "WHERE a.id < 1000 AND a.v IS NOT DISTINCT FROM b.v AND a.v IS NOT DISTINCT FROM c.v",
                "28");
    check_query("SELECT count(*) FROM amounts WHERE id < 1000", "28");
}

/* PostgreSQL's largest numerics (131072 digits before the point, 16383
 * after: more than 32767 base-10000 digits) are written and read back. */
static void test_numerics_of_more_than_32767_digits_round_trip(void)
{
    size_t nint = 131072, nfrac = 16383;
    char *text = malloc(nint + 1 + nfrac + 1);
    CHECK(text != NULL);
    if (!text)
        return;
    for (size_t i = 0; i < nint; i++)
        text[i] = (char)('1' + i % 9);
    text[nint] = '.';
    for (size_t i = 0; i < nfrac; i++)
        text[nint + 1 + i] = (char)('1' + i % 9);
    text[nint + 1 + nfrac] = '\0';
    rt_db_error err;
    rt_amounts row = {.id = 5000, .has_v = true, .v = text}, out;
    CHECK_OK(rt_amounts_insert(&db, NULL, &row, 0, &err));
    CHECK_OK(rt_amounts_get(&db, &out, 5000, &err));
    CHECK(out.v && !strcmp(out.v, text));
    rt_amounts_free(&out);
    row.id = 5001;
    CHECK_OK(rt_amounts_insert_many(&db, &row, 1, 0, &err));
    rt_amounts_array all;
    CHECK_OK(rt_amounts_list(&db, &all, &(rt_amounts){.id = 4999}, 2, &err));
    CHECK(all.n == 2);
    for (size_t i = 0; i < all.n; i++)
        CHECK(all.items[i].v && !strcmp(all.items[i].v, text));
    rt_amounts_array_free(&all);
    check_query("SELECT count(DISTINCT v) FROM amounts WHERE id IN (5000, 5001)", "1");
    free(text);
}

/* json has no =, <> or order in PostgreSQL: find and count refuse them
 * before sending anything (so a transaction goes on); IS NULL tests and
 * jsonb's comparisons work. */
static void test_json_columns_are_not_compared_or_ordered(void)
{
    rt_db_error err;
    rt_things_array rows;
    rt_things_filter f = RT_THINGS_FILTER_INIT;
    int64_t n;
    exec_sql("BEGIN");
    f.eq = RT_THINGS_COL_J;
    f.value.j = "{}";
    CHECK(rt_things_find(&db, &rows, &f, &err) == RT_ERROR);
    CHECK(strstr(err.message, "json") != NULL && err.sqlstate[0] == '\0');
    f = (rt_things_filter)RT_THINGS_FILTER_INIT;
    f.order_by = RT_THINGS_COL_J;
    CHECK(rt_things_find(&db, &rows, &f, &err) == RT_ERROR);
    CHECK(strstr(err.message, "json") != NULL && err.sqlstate[0] == '\0');
    f = (rt_things_filter)RT_THINGS_FILTER_INIT;
    f.gt = RT_THINGS_COL_N_J;
    f.low.has_n_j = true;
    f.low.n_j = "1";
    CHECK(rt_things_count(&db, &n, &f, &err) == RT_ERROR);
    f = (rt_things_filter)RT_THINGS_FILTER_INIT;
    f.is_not_null = RT_THINGS_COL_N_J;
    CHECK_OK(rt_things_find(&db, &rows, &f, &err));
    rt_things_array_free(&rows);
    f = (rt_things_filter)RT_THINGS_FILTER_INIT;
    f.eq = RT_THINGS_COL_N_J; /* has_n_j false: IS NULL */
    CHECK_OK(rt_things_count(&db, &n, &f, &err));
    f = (rt_things_filter)RT_THINGS_FILTER_INIT;
    f.eq = RT_THINGS_COL_JB;
    f.value.jb = "{}";
    f.order_by = RT_THINGS_COL_JB;
    CHECK_OK(rt_things_find(&db, &rows, &f, &err));
    rt_things_array_free(&rows);
    exec_sql("COMMIT");
}

/* A table altered under the generated code: reads fail with a clear error
 * naming the column (prepared statements included, after "cached plan
 * must not change result type"), and read nothing out of bounds. Alters
 * things: runs last. */
static void test_columns_whose_type_changed_give_a_clear_error(void)
{
    rt_db_error err;
    rt_things_array rows;
    CHECK_OK(rt_things_list(&db, &rows, NULL, 1, &err));
    CHECK(rows.n == 1);
    int64_t id = rows.n ? rows.items[0].id : 0;
    rt_things_array_free(&rows);
    rt_things one;
    CHECK_OK(rt_things_get(&db, &one, id, &err));
    rt_things_free(&one);
    exec_sql("ALTER TABLE things ALTER COLUMN u TYPE text USING 'x', "
             "ALTER COLUMN i64 TYPE integer USING 1");
    rt_db_status st = rt_things_get(&db, &one, id, &err);
    CHECK(st == RT_ERROR);
    CHECK(strstr(err.message, "column i64 of things") != NULL);
    fprintf(stderr, "  drift: %s\n", err.message);
    st = rt_things_list(&db, &rows, NULL, 10, &err);
    CHECK(st == RT_ERROR && rows.n == 0);
    CHECK(strstr(err.message, "column i64 of things") != NULL);
    rt_things_filter f = RT_THINGS_FILTER_INIT;
    st = rt_things_find(&db, &rows, &f, &err);
    CHECK(st == RT_ERROR && rows.n == 0);
    CHECK(strstr(err.message, "column i64 of things") != NULL);
    exec_sql("ALTER TABLE things ALTER COLUMN i64 TYPE bigint");
    st = rt_things_get(&db, &one, id, &err);
    CHECK(st == RT_ERROR);
    CHECK(strstr(err.message, "column u of things") != NULL);
    /* Inside a transaction the error is the same, and the connection lives. */
    exec_sql("BEGIN");
    st = rt_things_get(&db, &one, id, &err);
    CHECK(st == RT_ERROR);
    exec_sql("ROLLBACK");
    check_query("SELECT 1", "1");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_roundtrip RT.SQL\n");
        return 2;
    }
    memset(big_text, 'x', sizeof big_text - 1);
    for (size_t i = 0; i + 4 < sizeof big_text; i += 1000)
        memcpy(big_text + i, "ü\\'", 4);
    PGconn *admin = pgtest_connect();
    char *conninfo = pgtest_create_database(admin, "codegen_rt");
    if (!conninfo)
        return 1;
    conn = pgtest_connect_to(conninfo);
    char *sql = read_whole_file(argv[1]);
    CHECK(sql != NULL);
    if (sql)
        exec_sql(sql);
    free(sql);
    rt_db_init(&db, conn);

    test_every_type_round_trips_through_insert_get_list_and_find();
    test_values_mean_what_the_server_means();
    test_null_empty_and_not_given_stay_distinct();
    test_insert_reads_back_only_server_made_values();
    test_insert_out_is_the_row_as_stored();
    test_errors_map_to_their_codes();
    test_soft_deleted_rows_are_hidden_and_restore_brings_them_back();
    test_keyset_pagination_visits_every_row_once();
    test_find_matches_a_hand_written_query();
    test_batch_list_by_equals_per_parent_calls();
    test_copy_and_upsert_many_round_trip_every_type();
    test_masks_choose_columns_and_many_shapes_work();
    test_long_statement_names_do_not_collide();
    test_unprepared_mode_works_and_prepares_nothing(conninfo);
    test_prepared_statements_survive_discard_all();
    test_two_handles_on_one_connection_work_inside_a_transaction(conninfo);
    test_calls_after_pqreset_prepare_again(conninfo);
    test_a_statement_prepared_by_hand_under_a_clashing_name_is_ignored(conninfo);
    test_numeric_inputs_are_read_alike_by_insert_copy_and_unnest();
    test_numerics_of_more_than_32767_digits_round_trip();
    test_json_columns_are_not_compared_or_ordered();
    test_columns_whose_type_changed_give_a_clear_error();

    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
