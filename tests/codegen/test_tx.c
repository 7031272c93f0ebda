/* Transactions, savepoints, the retry helper, tracing and settings of the
 * generated API (tests/codegen/tx), against PostgreSQL:
 *   - commit, rollback, isolation and read-only options, nested savepoints;
 *   - an error aborts the transaction: the API says so, later calls fail,
 *     commit refuses (25P02) and nothing of it is kept;
 *   - two connections provoke serialization failures (SERIALIZABLE write
 *     skew) and transact commits each unit exactly once (counted in the
 *     database), with the waits asked of an injected sleep, bounded tries;
 *     a deadlock (40P01) between them is retried too;
 *   - the trace hook sees prepares, executions, commands and COPY with
 *     exact durations from an injected clock, parameters only on request;
 *   - set_config and row-level security: an application role sees and
 *     changes only its own rows through get/list/update/delete; hostile
 *     settings change nothing; the owner bypasses only without force;
 *   - pipelined batches: each queued call's status, out and err, outside a
 *     transaction (each call its own) and inside one (aborted after a failure).
 * Run by meson under with_pg:  test_tx TX.SQL RLS.SQL */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "pgtest.h"
#include "rls.h"
#include "tx.h"

static PGconn *conn, *other;
static char *conninfo;

static long long count_of(PGconn *c, const char *sql)
{
    char *v = pgtest_query_value(c, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

static tx_db_status insert_unit(tx_db *db, const char *name, tx_db_error *err)
{
    tx_units u = {0};
    u.name = name;
    return tx_units_insert(db, NULL, &u, 0, err);
}

static void test_commit_rollback_and_options(void)
{
    tx_db db;
    tx_db_error err;
    tx_db_init(&db, conn);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_IDLE);
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_ACTIVE);
    CHECK(insert_unit(&db, "committed", &err) == TX_OK);
    CHECK_INT(count_of(other, "SELECT count(*) FROM units WHERE name = 'committed'"), 0);
    CHECK(tx_db_begin(&db, NULL, &err) == TX_ERROR); /* no silent nesting */
    CHECK_STR(err.sqlstate, "25001");
    CHECK(tx_db_commit(&db, &err) == TX_OK);
    CHECK_INT(count_of(other, "SELECT count(*) FROM units WHERE name = 'committed'"), 1);
    CHECK(tx_db_commit(&db, &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "25P01");

    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(insert_unit(&db, "rolled back", &err) == TX_OK);
    CHECK(tx_db_rollback(&db, &err) == TX_OK);
    CHECK(tx_db_rollback(&db, &err) == TX_OK); /* nothing to do */
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'rolled back'"), 0);

    tx_db_tx_options o = TX_DB_TX_OPTIONS_INIT;
    o.isolation = SCHEMAC_RT_SERIALIZABLE;
    o.read_only = true;
    o.deferrable = true;
    CHECK(tx_db_begin(&db, &o, &err) == TX_OK);
    char *level = pgtest_query_value(conn, "SELECT current_setting('transaction_isolation') || "
                                           "current_setting('transaction_read_only') || "
                                           "current_setting('transaction_deferrable')");
    CHECK_STR(level, "serializableonon");
    free(level);
    CHECK(insert_unit(&db, "read only", &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "25006");
    CHECK(tx_db_rollback(&db, &err) == TX_OK);
    o = (tx_db_tx_options)TX_DB_TX_OPTIONS_INIT;
    o.isolation = SCHEMAC_RT_REPEATABLE_READ;
    CHECK(tx_db_begin(&db, &o, &err) == TX_OK);
    level = pgtest_query_value(conn, "SELECT current_setting('transaction_isolation')");
    CHECK_STR(level, "repeatable read");
    free(level);
    CHECK(tx_db_commit(&db, &err) == TX_OK);
}

static void test_error_aborts_until_rollback(void)
{
    tx_db db;
    tx_db_error err;
    tx_db_init(&db, conn);
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(insert_unit(&db, "lost with the error", &err) == TX_OK);
    CHECK(insert_unit(&db, "committed", &err) == TX_UNIQUE_VIOLATION);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_ABORTED);
    tx_units got = {0};
    CHECK(tx_units_get(&db, &got, 1, &err) == TX_ERROR); /* every call fails now */
    CHECK_STR(err.sqlstate, "25P02");
    CHECK(tx_db_commit(&db, &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "25P02");
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_IDLE);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'lost with the error'"), 0);
}

static void test_nested_savepoints(void)
{
    tx_db db;
    tx_db_error err;
    tx_db_init(&db, conn);
    tx_db_savepoint outer, inner, failed;
    CHECK(tx_db_savepoint_begin(&db, &outer, &err) == TX_ERROR); /* needs a transaction */
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(insert_unit(&db, "sp a", &err) == TX_OK);
    CHECK(tx_db_savepoint_begin(&db, &outer, &err) == TX_OK);
    CHECK(insert_unit(&db, "sp b", &err) == TX_OK);
    CHECK(tx_db_savepoint_begin(&db, &inner, &err) == TX_OK);
    CHECK(strcmp(outer.name, inner.name) != 0);
    CHECK(insert_unit(&db, "sp c", &err) == TX_OK);
    CHECK(tx_db_savepoint_rollback(&db, &inner, &err) == TX_OK);
    CHECK(tx_db_savepoint_release(&db, &outer, &err) == TX_OK);
    /* An error inside a savepoint: rolled back to it, the transaction goes on. */
    CHECK(tx_db_savepoint_begin(&db, &failed, &err) == TX_OK);
    CHECK(insert_unit(&db, "committed", &err) == TX_UNIQUE_VIOLATION);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_ABORTED);
    tx_db_savepoint refused;
    CHECK(tx_db_savepoint_begin(&db, &refused, &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "25P02");
    CHECK(tx_db_savepoint_rollback(&db, &failed, &err) == TX_OK);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_ACTIVE);
    CHECK(insert_unit(&db, "sp d", &err) == TX_OK);
    CHECK(tx_db_commit(&db, &err) == TX_OK);
    char *names = pgtest_query_value(conn, "SELECT string_agg(name, ',' ORDER BY id) FROM units "
                                           "WHERE name LIKE 'sp %'");
    CHECK_STR(names, "sp a,sp b,sp d");
    free(names);
}

/* ---- transact: write skew between two connections ---- */

typedef struct unit_work {
    const char *name;
    int mine, theirs;        /* counters k this unit writes, and reads */
    int calls;
    int interfere;           /* run the other unit inside this one's first tries */
    struct unit_work *other;
    tx_db *other_db;
} unit_work;

typedef struct waits {
    int64_t us[8];
    int n;
} waits;

static void record_wait(void *ctx, int64_t us)
{
    waits *w = ctx;
    if (w->n < 8)
        w->us[w->n++] = us;
}

static tx_db_status run_unit(tx_db *db, void *ctx, tx_db_error *err);

static tx_db_status run_other(unit_work *w)
{
    tx_db_tx_options o = TX_DB_TX_OPTIONS_INIT;
    o.isolation = SCHEMAC_RT_SERIALIZABLE;
    tx_db_error err;
    return tx_db_transact(w->other_db, &o, run_unit, w->other, &err);
}

/* Reads counter `theirs`, then (after the other unit ran, on the first
 * tries) sets counter `mine` to it plus one and records the unit. */
static tx_db_status run_unit(tx_db *db, void *ctx, tx_db_error *err)
{
    unit_work *w = ctx;
    w->calls++;
    tx_counters seen = {0}, row = {0};
    tx_db_status status = tx_counters_get(db, &seen, w->theirs, err);
    if (status != TX_OK)
        return status;
    if (w->interfere > 0) {
        w->interfere--;
        CHECK(run_other(w) == TX_OK);
    }
    row.k = w->mine;
    row.v = seen.v + 1;
    if ((status = tx_counters_update(db, NULL, &row, err)) != TX_OK)
        return status;
    return insert_unit(db, w->name, err);
}

static void test_transact_retries_serialization_failures(void)
{
    tx_db a, b;
    tx_db_init(&a, conn);
    tx_db_init(&b, other);
    CHECK(pgtest_exec(conn, "INSERT INTO counters VALUES (1, 0), (2, 0)") == 0);
    unit_work ua = {"unit a", 1, 2, 0, 1, NULL, &b}, ub = {"unit b", 2, 1, 0, 0, NULL, NULL};
    ua.other = &ub;
    waits w = {{0}, 0};
    tx_db_tx_options o = TX_DB_TX_OPTIONS_INIT;
    o.isolation = SCHEMAC_RT_SERIALIZABLE;
    o.backoff_us = 1000;
    o.sleep = record_wait;
    o.sleep_ctx = &w;
    tx_db_error err;
    CHECK(tx_db_transact(&a, &o, run_unit, &ua, &err) == TX_OK);
    CHECK_INT(ua.calls, 2); /* the first try failed with 40001 */
    CHECK_INT(ub.calls, 1);
    CHECK_INT(w.n, 1);
    CHECK_INT(w.us[0], 1000);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'unit a'"), 1);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'unit b'"), 1);
    /* Serial order b then a: b read 0 and wrote 1, a read b's 1 and wrote 2. */
    CHECK_INT(count_of(conn, "SELECT v FROM counters WHERE k = 2"), 1);
    CHECK_INT(count_of(conn, "SELECT v FROM counters WHERE k = 1"), 2);

    /* Bounded: interfered with on every try, a gives up after max_attempts
     * with the server's 40001, waits doubling; nothing of a is kept. */
    unit_work ua2 = {"unit a2", 1, 2, 0, 3, NULL, &b}, ub2 = {"unit b2", 2, 1, 0, 0, NULL, NULL};
    ua2.other = &ub2;
    CHECK(pgtest_exec(conn, "ALTER TABLE units DROP CONSTRAINT units_name_key") == 0); /* b2 commits 3 times */
    w.n = 0;
    o.max_attempts = 3;
    CHECK(tx_db_transact(&a, &o, run_unit, &ua2, &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "40001");
    CHECK_INT(ua2.calls, 3);
    CHECK_INT(w.n, 2);
    CHECK_INT(w.us[0], 1000);
    CHECK_INT(w.us[1], 2000);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'unit a2'"), 0);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'unit b2'"), 3);
    CHECK(schemac_rt_tx_state_of(&a) == SCHEMAC_RT_TX_IDLE);
    CHECK(pgtest_exec(conn, "DELETE FROM units WHERE name = 'unit b2'; "
                            "ALTER TABLE units ADD CONSTRAINT units_name_key UNIQUE (name)") == 0);
}

/* A deadlock: a holds counter 20 and asks for 21, which `other` holds
 * while it asks (without waiting for the answer) for 20. a's short
 * deadlock_timeout makes a the victim (40P01); transact retries, and the
 * second try first lets `other` finish. */
typedef struct deadlock_work {
    int calls;
} deadlock_work;

static tx_db_status deadlocking(tx_db *db, void *ctx, tx_db_error *err)
{
    deadlock_work *w = ctx;
    tx_counters first = {20, 1}, second = {21, 1};
    if (++w->calls == 2) { /* other's update waited for a's rollback */
        PGresult *res;
        while ((res = PQgetResult(other)) != NULL)
            PQclear(res);
        CHECK(pgtest_exec(other, "COMMIT") == 0);
    }
    tx_db_status status = tx_counters_update(db, NULL, &first, err);
    if (status != TX_OK)
        return status;
    if (w->calls == 1) {
        CHECK(pgtest_exec(other, "BEGIN; UPDATE counters SET v = 2 WHERE k = 21") == 0);
        CHECK(PQsendQuery(other, "UPDATE counters SET v = 2 WHERE k = 20") == 1);
    }
    return tx_counters_update(db, NULL, &second, err);
}

static void test_transact_retries_deadlocks(void)
{
    tx_db db;
    tx_db_error err;
    tx_db_init(&db, conn);
    CHECK(pgtest_exec(conn, "INSERT INTO counters VALUES (20, 0), (21, 0); SET deadlock_timeout = '10ms'") == 0);
    CHECK(pgtest_exec(other, "SET deadlock_timeout = '60s'") == 0);
    deadlock_work w = {0};
    waits slept = {{0}, 0};
    tx_db_tx_options o = TX_DB_TX_OPTIONS_INIT;
    o.sleep = record_wait;
    o.sleep_ctx = &slept;
    CHECK(tx_db_transact(&db, &o, deadlocking, &w, &err) == TX_OK);
    CHECK_INT(w.calls, 2);
    CHECK_INT(slept.n, 1);
    /* other's updates committed first, a's second try over them. */
    CHECK_INT(count_of(conn, "SELECT sum(v) FROM counters WHERE k IN (20, 21)"), 2);
    CHECK(pgtest_exec(conn, "RESET deadlock_timeout") == 0);
    CHECK(pgtest_exec(other, "RESET deadlock_timeout") == 0);
}

static tx_db_status duplicate(tx_db *db, void *ctx, tx_db_error *err)
{
    (*(int *)ctx)++;
    tx_db_status status = insert_unit(db, "not kept", err);
    return status == TX_OK ? insert_unit(db, "committed", err) : status;
}

static tx_db_status swallow(tx_db *db, void *ctx, tx_db_error *err)
{
    (void)ctx;
    insert_unit(db, "committed", err); /* the error ignored */
    return TX_OK;
}

static void test_transact_other_errors(void)
{
    tx_db db;
    tx_db_error err;
    tx_db_init(&db, conn);
    int calls = 0;
    CHECK(tx_db_transact(&db, NULL, duplicate, &calls, &err) == TX_UNIQUE_VIOLATION);
    CHECK_INT(calls, 1); /* not retried */
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name = 'not kept'"), 0);
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_IDLE);
    /* A function that ignores an error and says OK: never committed. */
    CHECK(tx_db_transact(&db, NULL, swallow, NULL, &err) == TX_ERROR);
    CHECK_STR(err.sqlstate, "25P02");
}

/* ---- Tracing ---- */

typedef struct seen_event {
    char kind[16], name[80], sql[200], sqlstate[6], param[32];
    int64_t duration_ns, rows;
    schemac_rt_status status;
    int nparams;
} seen_event;

typedef struct seen {
    seen_event e[32];
    int n;
} seen;

static void record_event(const schemac_rt_trace_event *e, void *ctx)
{
    seen *s = ctx;
    if (s->n >= 32)
        return;
    seen_event *r = &s->e[s->n++];
    snprintf(r->kind, sizeof r->kind, "%s", e->kind);
    snprintf(r->name, sizeof r->name, "%s", e->name ? e->name : "");
    snprintf(r->sql, sizeof r->sql, "%s", e->sql);
    snprintf(r->sqlstate, sizeof r->sqlstate, "%s", e->sqlstate);
    r->duration_ns = e->duration_ns;
    r->rows = e->rows;
    r->status = e->status;
    r->nparams = e->nparams;
    if (e->nparams > 0 && e->values[0] && e->formats[0] == 0)
        snprintf(r->param, sizeof r->param, "%s", e->values[0]);
}

/* A clock that advances 1.5 us at every reading. */
static int64_t fake_clock(void *ctx)
{
    int64_t *now = ctx;
    return *now += 1500;
}

static void test_trace(void)
{
    PGconn *c = pgtest_connect_to(conninfo);
    tx_db db, second;
    tx_db_error err;
    tx_db_init(&db, c);
    tx_db_init(&second, c);
    seen s = {0};
    int64_t now = 0;
    schemac_rt_trace trace = {record_event, &s, false, fake_clock, &now};
    CHECK(schemac_rt_set_trace(&db, &trace));

    CHECK(insert_unit(&second, "traced", &err) == TX_OK); /* any handle of the connection */
    CHECK_INT(s.n, 2);
    CHECK_STR(s.e[0].kind, "prepare");
    CHECK(strncmp(s.e[0].name, "tx_units_insert", 15) == 0);
    CHECK(strstr(s.e[0].sql, "INSERT INTO units") != NULL);
    CHECK_STR(s.e[1].kind, "execute");
    CHECK_STR(s.e[1].name, s.e[0].name);
    CHECK_INT(s.e[1].rows, 1);
    CHECK_INT(s.e[1].duration_ns, 1500);
    CHECK(s.e[1].status == SCHEMAC_RT_OK);
    CHECK_INT(s.e[1].nparams, 0); /* values only on request */

    s.n = 0;
    CHECK(insert_unit(&db, "traced", &err) == TX_UNIQUE_VIOLATION);
    CHECK_INT(s.n, 1);
    CHECK(s.e[0].status == SCHEMAC_RT_UNIQUE_VIOLATION);
    CHECK_STR(s.e[0].sqlstate, "23505");

    s.n = 0;
    trace.params = true;
    CHECK(schemac_rt_set_trace(&db, &trace));
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(insert_unit(&db, "with params", &err) == TX_OK);
    tx_units many[3] = {{0}, {0}, {0}};
    many[0].name = "copy 1";
    many[1].name = "copy 2";
    many[2].name = "copy 3";
    CHECK(tx_units_insert_many(&db, many, 3, 0, &err) == TX_OK);
    CHECK(tx_db_commit(&db, &err) == TX_OK);
    CHECK_INT(s.n, 4);
    CHECK_STR(s.e[0].kind, "command");
    CHECK_STR(s.e[0].sql, "BEGIN");
    CHECK_INT(s.e[1].nparams, 2); /* name and amount (NULL) */
    CHECK_STR(s.e[1].param, "with params");
    CHECK_STR(s.e[2].kind, "copy");
    CHECK_INT(s.e[2].rows, 3);
    CHECK(strncmp(s.e[2].sql, "COPY units", 10) == 0);
    CHECK_STR(s.e[3].sql, "COMMIT");
    CHECK_INT(s.e[3].duration_ns, 1500);

    /* The ready-made hook, to a file. */
    FILE *f = tmpfile();
    CHECK(f != NULL);
    schemac_rt_trace to_file = {schemac_rt_trace_to_file, f, true, fake_clock, &now};
    CHECK(schemac_rt_set_trace(&db, &to_file));
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(insert_unit(&db, "it's logged", &err) == TX_OK);
    CHECK(tx_db_rollback(&db, &err) == TX_OK);
    char text[2048] = "";
    rewind(f);
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    if (getenv("TEST_TX_SHOW"))
        fputs(text, stderr);
    char *second_line = strchr(text, '\n');
    CHECK(second_line && strncmp(text, "command - 0.001 ms OK: BEGIN\n", 29) == 0);
    CHECK(strstr(text, " 0.001 ms rows=1 OK: INSERT INTO units") != NULL);
    CHECK(strstr(text, " params: $1='it''s logged', $2=NULL\n") != NULL);
    CHECK(strstr(text, "command - 0.001 ms OK: ROLLBACK\n") != NULL);

    /* Off: no more events. */
    s.n = 0;
    CHECK(schemac_rt_set_trace(&db, NULL));
    CHECK(insert_unit(&db, "untraced", &err) == TX_OK);
    CHECK_INT(s.n, 0);
    PQfinish(c);
}

/* ---- Pipelined batches ---- */

static void test_batches(void)
{
    PGconn *c = pgtest_connect_to(conninfo);
    tx_db db;
    tx_db_error err, errs[10];
    tx_db_init(&db, c);
    CHECK(pgtest_exec(c, "INSERT INTO counters VALUES (10, 0), (11, 0)") == 0);
    tx_db_batch batch;
    tx_units rows[3] = {{0}, {0}, {0}}, outs[3] = {{0}, {0}, {0}}, got = {0}, missing = {0}, upserted = {0};
    rows[0].name = "batch 1";
    rows[1].name = "batch 2";
    rows[1].has_amount = true;
    rows[1].amount = "12.50";
    rows[2].name = "committed"; /* a duplicate */
    tx_counters ten = {10, 7}, updated = {0};
    tx_counters_array all = {0};
    seen s = {0};
    int64_t now = 0;
    schemac_rt_trace trace = {record_event, &s, false, fake_clock, &now};
    CHECK(schemac_rt_set_trace(&db, &trace));

    CHECK(tx_db_batch_begin(&db, &batch, &err) == TX_OK);
    CHECK(tx_db_batch_begin(&db, &batch, &err) == TX_ERROR); /* one at a time */
    CHECK(tx_db_batch_begin(&db, &batch, &err) == TX_ERROR);
    for (int i = 0; i < 3; i++) /* queued: OK now, the real status later */
        CHECK(tx_units_insert(&db, &outs[i], &rows[i], TX_UNITS_COL_AMOUNT, &errs[i]) == TX_OK);
    CHECK_INT(s.n, 0); /* nothing sent yet */
    tx_units_get(&db, &got, 1, &errs[3]);
    tx_units_get(&db, &missing, 999999, &errs[4]);
    tx_counters_update(&db, &updated, &ten, &errs[5]);
    tx_units up = {0};
    up.name = "batch up";
    tx_units_upsert(&db, &upserted, &up, 0, &errs[6]);
    tx_units_delete(&db, 999999, &errs[7]);
    CHECK(tx_counters_list(&db, &all, NULL, 0, &errs[8]) == TX_ERROR); /* not batched */
    CHECK(all.items == NULL && all.n == 0);
    CHECK_INT(batch.n, 8);
    CHECK(tx_db_batch_run(&db, &batch, &err) == TX_UNIQUE_VIOLATION); /* the first failure */
    CHECK_STR(err.constraint, "units_name_key");
    CHECK(tx_db_batch_status(&batch, 0) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 1) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 2) == TX_UNIQUE_VIOLATION);
    CHECK_STR(errs[2].sqlstate, "23505");
    CHECK(tx_db_batch_status(&batch, 3) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 4) == TX_NOT_FOUND);
    CHECK(tx_db_batch_status(&batch, 5) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 6) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 7) == TX_NOT_FOUND);
    CHECK(tx_db_batch_status(&batch, 8) == TX_ERROR); /* no such call */
    CHECK_STR(outs[0].name, "batch 1");
    CHECK(!outs[0].has_amount);
    CHECK(outs[1].has_amount);
    CHECK_STR(outs[1].amount, "12.50");
    CHECK(outs[1].id == outs[0].id + 1);
    CHECK_INT(got.id, 1);
    CHECK_INT(updated.v, 7);
    CHECK_STR(upserted.name, "batch up");
    /* Outside a transaction each call is its own: the failure undid no other. */
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name IN ('batch 1', 'batch 2', 'batch up')"), 3);
    CHECK_INT(count_of(conn, "SELECT v FROM counters WHERE k = 10"), 7);
    /* Traced: one event per call, all sent before the first result was read
     * (each duration counts from the batch's start: 1.5 us per clock reading). */
    CHECK_INT(s.n, 8);
    CHECK_STR(s.e[0].kind, "pipeline");
    CHECK(s.e[2].status == SCHEMAC_RT_UNIQUE_VIOLATION);
    CHECK_INT(s.e[0].duration_ns, 1500);
    CHECK_INT(s.e[7].duration_ns, 8 * 1500);
    CHECK_INT(s.e[4].rows, 0);
    tx_db_batch_free(&batch);
    for (int i = 0; i < 2; i++)
        tx_units_free(&outs[i]);
    tx_units_free(&got);
    tx_units_free(&upserted);
    tx_counters_array_free(&all);
    CHECK(schemac_rt_set_trace(&db, NULL));

    /* In a transaction: a failure aborts it, and the calls after it do not run. */
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(tx_db_batch_begin(&db, &batch, &err) == TX_OK);
    tx_units a = {0}, dup = {0}, b = {0};
    a.name = "batch tx a";
    dup.name = "committed";
    b.name = "batch tx b";
    tx_units_insert(&db, NULL, &a, 0, &errs[0]);
    tx_units_insert(&db, NULL, &dup, 0, &errs[1]);
    tx_units_insert(&db, NULL, &b, 0, &errs[2]);
    CHECK(tx_db_batch_run(&db, &batch, &err) == TX_UNIQUE_VIOLATION);
    CHECK(tx_db_batch_status(&batch, 0) == TX_OK);
    CHECK(tx_db_batch_status(&batch, 1) == TX_UNIQUE_VIOLATION);
    CHECK(tx_db_batch_status(&batch, 2) == TX_ERROR);
    CHECK_STR(errs[2].sqlstate, "25P02");
    CHECK(schemac_rt_tx_state_of(&db) == SCHEMAC_RT_TX_ABORTED);
    CHECK(tx_db_commit(&db, &err) == TX_ERROR);
    tx_db_batch_free(&batch);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name LIKE 'batch tx %'"), 0);

    /* A large batch in a transaction: every call committed once. */
    enum { N = 5000 };
    static tx_units many[N];
    static char names[N][24];
    CHECK(tx_db_begin(&db, NULL, &err) == TX_OK);
    CHECK(tx_db_batch_begin(&db, &batch, &err) == TX_OK);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "bulk %d", i);
        memset(&many[i], 0, sizeof many[i]);
        many[i].name = names[i];
        tx_units_insert(&db, NULL, &many[i], 0, NULL);
    }
    CHECK(tx_db_batch_run(&db, &batch, &err) == TX_OK);
    tx_db_batch_free(&batch);
    CHECK(tx_db_commit(&db, &err) == TX_OK);
    CHECK_INT(count_of(conn, "SELECT count(*) FROM units WHERE name LIKE 'bulk %'"), N);
    PQfinish(c);
}

/* ---- Settings and row-level security ---- */

/* A connection as `role` (SET ROLE), with app.user_id set to user (NULL: unset). */
static PGconn *connect_as(const char *role, const char *user, rls_db *db)
{
    PGconn *c = pgtest_connect_to(conninfo);
    char sql[128];
    snprintf(sql, sizeof sql, "SET ROLE %s", role);
    CHECK(pgtest_exec(c, sql) == 0);
    rls_db_init(db, c);
    rls_db_error err;
    if (user)
        CHECK(rls_db_set_config(db, "app.user_id", user, false, &err) == RLS_OK);
    return c;
}

/* The titles of the notes db sees, in id order ("ERROR" when it cannot list). */
static void notes_seen(rls_db *db, char *out, size_t size)
{
    rls_notes_array a = {0};
    rls_db_error err;
    out[0] = '\0';
    if (rls_notes_list(db, &a, NULL, 0, &err) != RLS_OK) {
        snprintf(out, size, "ERROR");
        return;
    }
    for (size_t i = 0; i < a.n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "," : "", a.items[i].title);
    rls_notes_array_free(&a);
}

static void test_row_level_security(void)
{
    CHECK(pgtest_exec(conn, "INSERT INTO users (name) VALUES ('ann'), ('bob');"
                            "INSERT INTO notes (owner_id, title) VALUES (1, 'ann 1'), (1, 'ann 2'), (2, 'bob 1');"
                            "INSERT INTO memos (owner_id, title) VALUES (1, 'ann memo'), (2, 'bob memo')") == 0);
    rls_db db;
    rls_db_error err;
    char titles[256];
    PGconn *c = connect_as("schemac_tx_app", "1", &db);
    notes_seen(&db, titles, sizeof titles);
    CHECK_STR(titles, "ann 1,ann 2");
    rls_notes got = {0};
    CHECK(rls_notes_get(&db, &got, 3, &err) == RLS_NOT_FOUND);
    CHECK(rls_notes_get(&db, &got, 1, &err) == RLS_OK);
    rls_notes_free(&got);
    rls_notes theirs = {3, 2, "taken"};
    CHECK(rls_notes_update(&db, NULL, &theirs, &err) == RLS_NOT_FOUND);
    CHECK(rls_notes_delete(&db, 3, &err) == RLS_NOT_FOUND);
    rls_notes give = {1, 2, "given away"};
    CHECK(rls_notes_update(&db, NULL, &give, &err) == RLS_ERROR);
    CHECK_STR(err.sqlstate, "42501");
    rls_notes forged = {0, 2, "forged"};
    CHECK(rls_notes_insert(&db, NULL, &forged, 0, &err) == RLS_ERROR);
    CHECK_STR(err.sqlstate, "42501");
    rls_notes mine = {0, 1, "ann 3"};
    CHECK(rls_notes_insert(&db, NULL, &mine, 0, &err) == RLS_OK);
    char *bob = pgtest_query_value(conn, "SELECT title FROM notes WHERE id = 3");
    CHECK_STR(bob, "bob 1");
    free(bob);

    /* For the transaction only: gone after it, refused outside one. */
    CHECK(rls_db_set_config(&db, "app.user_id", "2", true, &err) == RLS_ERROR);
    CHECK_STR(err.sqlstate, "25P01");
    CHECK(rls_db_begin(&db, NULL, &err) == RLS_OK);
    CHECK(rls_db_set_config(&db, "app.user_id", "2", true, &err) == RLS_OK);
    notes_seen(&db, titles, sizeof titles);
    CHECK_STR(titles, "bob 1");
    CHECK(rls_db_commit(&db, &err) == RLS_OK);
    notes_seen(&db, titles, sizeof titles);
    CHECK_STR(titles, "ann 1,ann 2,ann 3");

    /* Hostile values are values: they never widen what is seen or changed. */
    static char long_value[10241];
    memset(long_value, '1', sizeof long_value - 1);
    const char *hostile[] = {"1 OR true", "1' OR '1'='1", "2; DROP TABLE notes", "1) OR (true", long_value};
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        CHECK(rls_db_set_config(&db, "app.user_id", hostile[i], false, &err) == RLS_OK);
        notes_seen(&db, titles, sizeof titles);
        CHECK(!strcmp(titles, "ERROR") || !strcmp(titles, ""));
        CHECK(rls_notes_delete(&db, 3, &err) != RLS_OK);
    }
    CHECK_INT(count_of(conn, "SELECT count(*) FROM notes"), 4);
    PQfinish(c);

    /* Without the setting: nothing. */
    c = connect_as("schemac_tx_app", NULL, &db);
    notes_seen(&db, titles, sizeof titles);
    CHECK_STR(titles, "");
    int64_t n = -1;
    CHECK(rls_notes_count(&db, &n, NULL, &err) == RLS_OK);
    CHECK_INT(n, 0);
    PQfinish(c);

    /* The table owner: held to notes' policy (force), not to memos'. */
    CHECK(pgtest_exec(conn, "ALTER TABLE notes OWNER TO schemac_tx_owner;"
                            "ALTER TABLE memos OWNER TO schemac_tx_owner") == 0);
    c = connect_as("schemac_tx_owner", NULL, &db);
    notes_seen(&db, titles, sizeof titles);
    CHECK_STR(titles, "");
    CHECK(rls_memos_count(&db, &n, NULL, &err) == RLS_OK);
    CHECK_INT(n, 2);
    PQfinish(c);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_tx TX.SQL RLS.SQL\n");
        return 2;
    }
    PGconn *admin = pgtest_connect();
    /* Roles are the cluster's: made once, kept. */
    CHECK(pgtest_exec(admin, "DO $$ BEGIN "
                             "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'schemac_tx_app') THEN "
                             "CREATE ROLE schemac_tx_app NOLOGIN; END IF; "
                             "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'schemac_tx_owner') THEN "
                             "CREATE ROLE schemac_tx_owner NOLOGIN; END IF; END $$") == 0);
    conninfo = pgtest_create_database(admin, "codegen_tx");
    if (!conninfo)
        return 1;
    conn = pgtest_connect_to(conninfo);
    other = pgtest_connect_to(conninfo);
    for (int i = 1; i <= 2; i++) {
        size_t len;
        char *sql = load_read_file(argv[i], &len);
        CHECK(sql && pgtest_exec(conn, sql) == 0);
        free(sql);
    }
    CHECK(pgtest_exec(conn, "GRANT schemac_tx_app, schemac_tx_owner TO CURRENT_USER") == 0);
    test_commit_rollback_and_options();
    test_error_aborts_until_rollback();
    test_nested_savepoints();
    test_transact_retries_serialization_failures();
    test_transact_retries_deadlocks();
    test_transact_other_errors();
    test_trace();
    test_batches();
    test_row_level_security();
    PQfinish(other);
    PQfinish(conn);
    pgtest_drop_database(admin, conninfo);
    free(conninfo);
    PQfinish(admin);
    return check_report();
}
