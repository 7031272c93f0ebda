/* The runtime's value helpers (schemac_rt_numeric_*, _date_*, _timestamp_*):
 * edge cases offline, then round trips through PostgreSQL, which must read
 * what they write as the same value and write what they read.
 * Run by meson under with_pg:  test_values */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pgtest.h"
#include "schemac_runtime.h"

static void check_scaled(const char *text, int scale, bool ok, int64_t want, int line)
{
    int64_t got = 42;
    schemac_rt_error err;
    bool done = schemac_rt_numeric_to_scaled(&got, text, scale, &err);
    if (done != ok || (ok && got != want)) {
        check_failed++;
        fprintf(stderr, "%s:%d: numeric_to_scaled(\"%s\", %d) = %d %lld (%s)\n", __FILE__, line, text, scale,
                done, (long long)got, done ? "" : err.message);
    } else {
        check_passed++;
    }
}
#define SCALED(text, scale, want) check_scaled(text, scale, true, want, __LINE__)
#define NOT_SCALED(text, scale) check_scaled(text, scale, false, 0, __LINE__)

static void test_numeric_to_scaled(void)
{
    SCALED("12.5", 2, 1250);
    SCALED("12.50", 2, 1250);
    SCALED("12.500000", 2, 1250);
    SCALED("-0.01", 2, -1);
    SCALED("0", 2, 0);
    SCALED("-0", 2, 0);
    SCALED("+3", 2, 300);
    SCALED(".5", 2, 50);
    SCALED("5.", 2, 500);
    SCALED(" 7.25 ", 2, 725);
    SCALED("1.5e2", 2, 15000);
    SCALED("125E-2", 2, 125);
    SCALED("0.000e5", 2, 0);
    SCALED("000000000000000000000000000012.34", 2, 1234);
    SCALED("92233720368547758.07", 2, INT64_MAX);
    SCALED("-92233720368547758.08", 2, INT64_MIN);
    SCALED("9223372036854775807", 0, INT64_MAX);
    SCALED("9.223372036854775807", 18, INT64_MAX);
    SCALED("1.0", 0, 1);
    NOT_SCALED("92233720368547758.08", 2);  /* one past INT64_MAX */
    NOT_SCALED("-92233720368547758.09", 2);
    NOT_SCALED("1e30", 2);
    NOT_SCALED("12.505", 2);                /* more decimals than the scale */
    NOT_SCALED("1.1", 0);
    NOT_SCALED("1e-3", 2);
    NOT_SCALED("", 2);
    NOT_SCALED("abc", 2);
    NOT_SCALED("1..2", 2);
    NOT_SCALED("1.2.3", 2);
    NOT_SCALED("1e", 2);
    NOT_SCALED("- 1", 2);
    NOT_SCALED("12,50", 2);
    NOT_SCALED("NaN", 2);
    NOT_SCALED("Infinity", 2);
    NOT_SCALED("1", 19);                    /* scale out of range */
    NOT_SCALED("1", -1);
    schemac_rt_error err;
    int64_t v;
    CHECK(!schemac_rt_numeric_to_scaled(&v, "12.505", 2, &err));
    CHECK_STR(err.message, "more decimals than the scale");
    CHECK(!schemac_rt_numeric_to_scaled(&v, "1e30", 2, &err));
    CHECK_STR(err.message, "out of range of a 64-bit integer");
    CHECK(!schemac_rt_numeric_to_scaled(&v, "x", 2, NULL)); /* err may be NULL */
}

static void test_numeric_from_scaled(void)
{
    char text[64];
    schemac_rt_error err;
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, 1250, 2, &err));
    CHECK_STR(text, "12.50");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, -1, 2, &err));
    CHECK_STR(text, "-0.01");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, 0, 2, &err));
    CHECK_STR(text, "0.00");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, 5, 0, &err));
    CHECK_STR(text, "5");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, INT64_MIN, 2, &err));
    CHECK_STR(text, "-92233720368547758.08");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, INT64_MAX, 18, &err));
    CHECK_STR(text, "9.223372036854775807");
    CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, -7, 18, &err));
    CHECK_STR(text, "-0.000000000000000007");
    CHECK(!schemac_rt_numeric_from_scaled(text, 5, 1250, 2, &err)); /* "12.50" needs 6 */
    CHECK_STR(err.message, "the buffer is too small");
    CHECK(schemac_rt_numeric_from_scaled(text, 6, 1250, 2, &err));
    CHECK(!schemac_rt_numeric_from_scaled(text, sizeof text, 1, 19, &err));
}

static void test_numeric_double(void)
{
    double d;
    char text[64];
    schemac_rt_error err;
    CHECK(schemac_rt_numeric_to_double(&d, "0.1", &err) && d == 0.1);
    CHECK(schemac_rt_numeric_to_double(&d, "-2.5", &err) && d == -2.5);
    CHECK(schemac_rt_numeric_to_double(&d, "1e308", &err) && d == 1e308);
    CHECK(schemac_rt_numeric_to_double(&d, " 12 ", &err) && d == 12);
    CHECK(schemac_rt_numeric_to_double(&d, "0e-400", &err) && d == 0);
    CHECK(schemac_rt_numeric_to_double(&d, "NaN", &err) && isnan(d));
    CHECK(schemac_rt_numeric_to_double(&d, "-Infinity", &err) && isinf(d) && d < 0);
    CHECK(!schemac_rt_numeric_to_double(&d, "1e309", &err));
    CHECK_STR(err.message, "out of range of a double");
    CHECK(!schemac_rt_numeric_to_double(&d, "-1e-400", &err));
    CHECK(!schemac_rt_numeric_to_double(&d, "0x10", &err)); /* strtod would take it */
    CHECK(!schemac_rt_numeric_to_double(&d, "1e5x", &err));
    CHECK(!schemac_rt_numeric_to_double(&d, "", &err));
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {0.1, "0.1"}, {-2.5, "-2.5"}, {100, "100"}, {0.001, "0.001"}, {1e300, "1e+300"},
        {1.0 / 3, "0.3333333333333333"}, {DBL_MAX, "1.7976931348623157e+308"}, {5e-324, "5e-324"},
        {1e16, "10000000000000000"}, {1e17, "1e+17"}, {1.5e-5, "0.000015"}, {1e-6, "1e-06"}, {0, "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK(schemac_rt_numeric_from_double(text, sizeof text, cases[i].v, &err));
        CHECK_STR(text, cases[i].text);
        CHECK(schemac_rt_numeric_to_double(&d, text, &err) && d == cases[i].v);
    }
    CHECK(schemac_rt_numeric_from_double(text, sizeof text, NAN, &err));
    CHECK_STR(text, "NaN");
    CHECK(schemac_rt_numeric_from_double(text, sizeof text, -INFINITY, &err));
    CHECK_STR(text, "-Infinity");
    /* A locale with a decimal comma changes nothing, where one is installed. */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        CHECK(schemac_rt_numeric_to_double(&d, "2.5", &err) && d == 2.5);
        CHECK(schemac_rt_numeric_from_double(text, sizeof text, 2.5, &err));
        CHECK_STR(text, "2.5");
        setlocale(LC_NUMERIC, "C");
    }
}

static void test_dates_and_timestamps(void)
{
    char text[64];
    int32_t day;
    int64_t us;
    schemac_rt_error err;
    static const struct {
        int32_t days;
        const char *text;
    } dates[] = {
        {0, "1970-01-01"}, {-1, "1969-12-31"}, {19782, "2024-02-29"}, {-719162, "0001-01-01"},
        {2932896, "9999-12-31"}, {11016, "2000-02-29"}, {-25508, "1900-03-01"}, {-719163, "0000-12-31"},
        {-719529, "-0001-12-31"}, {2932897, "10000-01-01"}, {INT32_MAX, "infinity"}, {INT32_MIN, "-infinity"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        CHECK(schemac_rt_date_to_iso(text, sizeof text, dates[i].days, &err));
        CHECK_STR(text, dates[i].text);
        CHECK(schemac_rt_date_from_iso(&day, dates[i].text, &err));
        CHECK_INT(day, dates[i].days);
    }
    const char *bad_dates[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-1-01",
                               "2024-01-32", "24-01-01", "2024-01-01x", "", "2024/01/01"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++)
        CHECK(!schemac_rt_date_from_iso(&day, bad_dates[i], &err));

    static const struct {
        int64_t us;
        const char *text;
    } times[] = {
        {0, "1970-01-01T00:00:00Z"}, {1, "1970-01-01T00:00:00.000001Z"}, {-1, "1969-12-31T23:59:59.999999Z"},
        {1709214300250000, "2024-02-29T13:45:00.25Z"}, {INT64_MAX, "infinity"}, {INT64_MIN, "-infinity"},
        {-62135596800000000, "0001-01-01T00:00:00Z"}, {253402300799999999, "9999-12-31T23:59:59.999999Z"},
    };
    for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
        CHECK(schemac_rt_timestamp_to_iso(text, sizeof text, times[i].us, &err));
        CHECK_STR(text, times[i].text);
        CHECK(schemac_rt_timestamp_from_iso(&us, times[i].text, &err));
        CHECK_INT(us, times[i].us);
    }
    static const struct {
        const char *text;
        int64_t us;
    } readings[] = {
        {"2024-02-29 13:45:00.25+00", 1709214300250000},    /* PostgreSQL's own output */
        {"2024-02-29T19:15:00.25+05:30", 1709214300250000},
        {"2024-02-29T05:45:00.25-0800", 1709214300250000},
        {"2024-02-29T13:45:00.250000Z", 1709214300250000},
        {"2024-02-29T13:45:00.2500000Z", 1709214300250000},   /* trailing zeros lose nothing */
        {"2024-02-29T13:45Z", 1709214300000000},
        {"2024-02-29t13:45:00", 1709214300000000},          /* no zone: taken as UTC */
        {"2024-02-29T13:45:00,25Z", 1709214300250000},
    };
    for (size_t i = 0; i < sizeof readings / sizeof *readings; i++) {
        us = 0;
        CHECK(schemac_rt_timestamp_from_iso(&us, readings[i].text, &err));
        CHECK_INT(us, readings[i].us);
    }
    const char *bad_times[] = {"2024-02-29T24:00:00Z", "2024-02-29T13:60Z", "2024-02-29T13:45:61Z",
                               "2024-02-29T13:45:00.1234567Z", "2024-02-29", "2024-02-29T13Z",
                               "2024-02-29T13:45:00+16:00", "2024-02-29T13:45:00.Z", "2024-02-30T00:00Z",
                               "2024-02-29T13:45:00Z junk"};
    for (size_t i = 0; i < sizeof bad_times / sizeof *bad_times; i++)
        CHECK(!schemac_rt_timestamp_from_iso(&us, bad_times[i], &err));
    CHECK(!schemac_rt_timestamp_from_iso(&us, "2024-02-29T13:45:00.1234567Z", &err));
    CHECK_STR(err.message, "more than 6 decimals of a second (microseconds)");
    CHECK(!schemac_rt_timestamp_to_iso(text, 10, 0, &err)); /* too small a buffer */
}

/* The server's text for `sql` with one text parameter. */
static void server_text(PGconn *conn, const char *sql, const char *param, char *out, size_t size)
{
    const char *values[1] = {param};
    PGresult *res = PQexecParams(conn, sql, 1, NULL, values, NULL, NULL, 0);
    snprintf(out, size, "%s", PQresultStatus(res) == PGRES_TUPLES_OK ? PQgetvalue(res, 0, 0) : PQerrorMessage(conn));
    PQclear(res);
}

static void test_round_trips_through_the_server(PGconn *conn)
{
    CHECK(pgtest_exec(conn, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET extra_float_digits = 1") == 0);
    char text[64], back[128], param[32];
    schemac_rt_error err;
    /* Scaled integers: the server reads our text as the same numeric, and
     * we read its text as the same integer. */
    static const int64_t scaled[] = {0, 1, -1, 1250, -99999, INT64_MAX, INT64_MIN, 100, 123456789012};
    for (int scale = 0; scale <= 4; scale += 2)
        for (size_t i = 0; i < sizeof scaled / sizeof *scaled; i++) {
            CHECK(schemac_rt_numeric_from_scaled(text, sizeof text, scaled[i], scale, &err));
            char sql[96];
            snprintf(sql, sizeof sql, "SELECT $1::numeric(40,%d)::text", scale);
            server_text(conn, sql, text, back, sizeof back);
            CHECK_STR(back, text);
            snprintf(param, sizeof param, "%lld", (long long)scaled[i]);
            snprintf(sql, sizeof sql, "SELECT ($1::numeric / 10::numeric ^ %d)::numeric(40,%d)::text", scale, scale);
            server_text(conn, sql, param, back, sizeof back);
            int64_t v = 0;
            CHECK(schemac_rt_numeric_to_scaled(&v, back, scale, &err));
            CHECK_INT(v, scaled[i]);
        }
    /* Doubles: our text, read by the server as numeric and cast, is the double. */
    static const double doubles[] = {0.1, -2.5, 1e300, 1.0 / 3, DBL_MAX, 123456.789, 1e-300, 2.2250738585072014e-308};
    for (size_t i = 0; i < sizeof doubles / sizeof *doubles; i++) {
        CHECK(schemac_rt_numeric_from_double(text, sizeof text, doubles[i], &err));
        server_text(conn, "SELECT $1::numeric::float8::text", text, back, sizeof back);
        char exact[40];
        snprintf(exact, sizeof exact, "%.17g", doubles[i]);
        char want[128];
        server_text(conn, "SELECT $1::float8::text", exact, want, sizeof want);
        CHECK_STR(back, want);
        double d = 0;
        CHECK(schemac_rt_numeric_to_double(&d, want, &err) && d == doubles[i]);
    }
    /* Dates, years 1 to PostgreSQL's last (BC years are the server's own syntax). */
    static const int32_t days[] = {0, -1, 19782, -719162, 2932896, 11016, -25508, 2932897, 2145042905 /* 5874897-12-31, the last */};
    for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
        CHECK(schemac_rt_date_to_iso(text, sizeof text, days[i], &err));
        server_text(conn, "SELECT ($1::date - DATE '1970-01-01')::text", text, back, sizeof back);
        snprintf(param, sizeof param, "%d", days[i]);
        CHECK_STR(back, param);
        server_text(conn, "SELECT (DATE '1970-01-01' + $1::int)::text", param, back, sizeof back);
        int32_t day = 0;
        CHECK(schemac_rt_date_from_iso(&day, back, &err));
        CHECK_INT(day, days[i]);
    }
    static const int64_t stamps[] = {0, 1, -1, 1709214300250000, -62135596800000000, 253402300799999999,
                                     951782400123456, 3155695200000000000 /* 101970-01-01 */};
    for (size_t i = 0; i < sizeof stamps / sizeof *stamps; i++) {
        CHECK(schemac_rt_timestamp_to_iso(text, sizeof text, stamps[i], &err));
        server_text(conn, "SELECT (extract(epoch FROM $1::timestamptz) * 1000000)::bigint::text", text, back,
                    sizeof back);
        snprintf(param, sizeof param, "%lld", (long long)stamps[i]);
        CHECK_STR(back, param);
        server_text(conn, "SELECT (timestamptz 'epoch' + $1::bigint / 1000000 * interval '1 second' + "
                    "$1::bigint % 1000000 * interval '1 microsecond')::text", param, back,
                    sizeof back);
        int64_t us = 0;
        CHECK(schemac_rt_timestamp_from_iso(&us, back, &err));
        CHECK_INT(us, stamps[i]);
    }
}

int main(void)
{
    test_numeric_to_scaled();
    test_numeric_from_scaled();
    test_numeric_double();
    test_dates_and_timestamps();
    PGconn *conn = pgtest_connect();
    test_round_trips_through_the_server(conn);
    PQfinish(conn);
    return check_report();
}
