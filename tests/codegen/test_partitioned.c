/* A partitioned table's generated C (tests/codegen/edge/partitioned): the
 * parent's functions write rows into the partitions their keys pick, and
 * get, update_columns, upsert, list_by, count and delete reach them
 * through the parent. Run by meson under with_pg: test_partitioned PARTED.SQL */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "parted.h"
#include "pgtest.h"

static PGconn *conn;

/* Days since 1970-01-01 of 2024-03-01 and of 2025-06-01. */
enum { MARCH_2024 = 19783, JUNE_2025 = 20240 };

/* The partition holding the reading with this id, as the server says. */
static char *partition_of(int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT tableoid::regclass::text FROM readings WHERE id = %lld",
             (long long)id);
    return pgtest_query_value(conn, sql);
}

static void test_rows_land_in_their_partition_and_round_trip(void)
{
    parted_db db;
    parted_db_init(&db, conn);
    parted_db_error err;
    parted_devices dev = {.id = 7, .label = "probe"};
    CHECK(parted_devices_insert(&db, NULL, &dev, PARTED_DEVICES_ALL_COLUMNS, &err) == PARTED_OK);

    parted_readings row = {.taken_on = MARCH_2024, .device_id = 7, .value = 1.5}, got = {0};
    uint64_t cols = PARTED_READINGS_COL_TAKEN_ON | PARTED_READINGS_COL_DEVICE_ID |
                    PARTED_READINGS_COL_VALUE | PARTED_READINGS_COL_NOTE;
    CHECK(parted_readings_insert(&db, &got, &row, cols, &err) == PARTED_OK);
    CHECK(got.id > 0 && got.taken_on == MARCH_2024 && !got.has_note);
    char *where = partition_of(got.id);
    CHECK_STR(where, "readings_2024");
    free(where);

    parted_readings later = {.taken_on = JUNE_2025, .device_id = 7, .value = -2.25,
                             .has_note = true, .note = "it's late"};
    parted_readings got_later = {0};
    CHECK(parted_readings_insert(&db, &got_later, &later, cols, &err) == PARTED_OK);
    where = partition_of(got_later.id);
    CHECK_STR(where, "readings_2025");
    free(where);

    /* Get by the whole primary key, which includes the partition key. */
    parted_readings fetched = {0};
    CHECK(parted_readings_get(&db, &fetched, got_later.id, JUNE_2025, &err) == PARTED_OK);
    CHECK(fetched.value == -2.25 && fetched.has_note);
    CHECK_STR(fetched.note, "it's late");
    parted_readings missing = {0};
    CHECK(parted_readings_get(&db, &missing, got_later.id, MARCH_2024, &err) == PARTED_NOT_FOUND);

    /* update_columns finds the row in its partition by the whole key. */
    parted_readings changed = fetched, updated = {0};
    changed.value = 3.0;
    CHECK(parted_readings_update_columns(&db, &updated, &changed, PARTED_READINGS_COL_VALUE,
                                         &err) == PARTED_OK);
    CHECK(updated.value == 3.0 && updated.taken_on == JUNE_2025);
    parted_readings_free(&updated);
    /* A row whose partition key changes moves to the partition of the new
     * value (PostgreSQL's row movement); the parent still finds it. */
    CHECK(pgtest_exec(conn, "UPDATE readings SET taken_on = '1970-01-01' WHERE taken_on = "
                            "'2024-03-01'") == 0);
    parted_readings_free(&fetched);
    CHECK(parted_readings_get(&db, &fetched, got.id, 0, &err) == PARTED_OK);
    where = partition_of(got.id);
    CHECK_STR(where, "readings_other");
    free(where);

    /* Upsert: ON CONFLICT on the parent's primary key. */
    parted_readings up = fetched, upserted = {0};
    up.value = 9.75;
    CHECK(parted_readings_upsert(&db, &upserted, &up, cols | PARTED_READINGS_COL_ID, &err) ==
          PARTED_OK);
    CHECK(upserted.id == got.id && upserted.value == 9.75);

    parted_readings_array all = {0};
    CHECK(parted_readings_list_by_device_id(&db, &all, 7, &err) == PARTED_OK);
    CHECK(all.n == 2);
    parted_readings_array_free(&all);

    CHECK(parted_readings_delete(&db, got_later.id, JUNE_2025, &err) == PARTED_OK);
    int64_t n = -1;
    CHECK(parted_readings_count(&db, &n, NULL, &err) == PARTED_OK);
    CHECK(n == 1);

    parted_readings_free(&got);
    parted_readings_free(&got_later);
    parted_readings_free(&fetched);
    parted_readings_free(&upserted);
}

static void run(PGconn *c)
{
    conn = c;
    test_rows_land_in_their_partition_and_round_trip();
}

int main(int argc, char **argv)
{
    if (pgtest_run_on_schema(argc, argv, "codegen_parted", run) < 0)
        return 1;
    return check_report();
}
