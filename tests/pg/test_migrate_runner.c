/* The migration runner against a real PostgreSQL, through the schemac
 * binary: up/down/status/history/current, failures half-way, resumable
 * non-transactional steps, edited and missing files, broken histories that
 * must apply nothing, two runners at once, a runner killed mid-revision,
 * --dry-run and --sql. Each test has a database of its own.
 *
 * usage: test_migrate_runner SCHEMAC */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "load.h"
#include "migrate_test.h"
#include "revision.h"
#include "runner.h"
#include "sha256.h"

#define R1 "20261129_0001_base"
#define R2 "20261129_0002_index"
#define R3 "20261129_0003_notes"

static const char r1_body[] =
    "-- +up\n"
    "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n"
    "CREATE FUNCTION touch_accounts() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "    -- a ; and a ' in the body\n"
    "    NEW.name := NEW.name || ';';\n"
    "    RETURN NEW;\n"
    "END\n"
    "$$;\n"
    "CREATE TRIGGER accounts_touch BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION "
    "touch_accounts();\n"
    "INSERT INTO accounts VALUES (1, 'it''s; fine');\n"
    "-- +down\n"
    "DROP TABLE accounts;\n"
    "DROP FUNCTION touch_accounts();\n";

static const char r2_body[] = "-- +up\n"
                              "ALTER TABLE accounts ADD COLUMN email text;\n"
                              "-- +up nontransactional\n"
                              "CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\n"
                              "-- +down nontransactional\n"
                              "DROP INDEX CONCURRENTLY accounts_email_idx;\n"
                              "-- +down\n"
                              "ALTER TABLE accounts DROP COLUMN email;\n";

static const char r3_body[] = "-- +up\n"
                              "CREATE TABLE notes (id int PRIMARY KEY, account_id bigint REFERENCES "
                              "accounts);\n"
                              "-- +down\n"
                              "DROP TABLE notes;\n";

/* m with R1, R2, R3, hashed. */
static char *three_revisions(void)
{
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1, r2_body);
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    return m;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static long applied_rows(PGconn *c)
{
    if (!*mt_value(c, "SELECT to_regclass('schemac_migrations')"))
        return 0;
    return mt_count(c, "SELECT count(*) FROM schemac_migrations");
}

static void test_up_down_status_history_current(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    const char *ci = db.conninfo;

    mt_proc p = mt_schemac("migrate", "status", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "no version table yet (nothing applied)"));
    CHECK(mt_contains(p.out, "3 revisions, 3 pending\n  " R1 "  base\n  " R2 "  index\n  " R3
                          "  notes\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", ci, NULL);
    CHECK_STR(p.out, "none\n");
    mt_proc_free(&p);

    p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "applying " R1 ": base\n  done in "));
    CHECK(mt_contains(p.out, "database is at revision " R1 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT name FROM accounts"), "it's; fine;");
    CHECK_INT(applied_rows(db.conn), 1);

    p = mt_schemac("migrate", "up", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "applying " R2 ": index\n  step 2 of 2, outside a transaction: CREATE "
                          "INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\n"));
    CHECK(mt_contains(p.out, "applying " R3 ": notes\n"));
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                             "'accounts_email_idx'::regclass"),
              "t");
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(revision || ':' || coalesce(parent, '-') || ':' "
                             "|| steps_done || '/' || steps_total, ',' ORDER BY revision) FROM "
                             "schemac_migrations"),
              R1 ":-:1/1," R2 ":" R1 ":2/2," R3 ":" R2 ":1/1");
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM schemac_migrations WHERE length(checksum) = 64"),
              3);

    p = mt_schemac("migrate", "history", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "[x] " R1 "  base  applied 20"));
    CHECK(mt_contains(p.out, "[x] " R3 "  notes  applied 20"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", ci, NULL);
    CHECK_STR(p.out, R3 "\n");
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK_STR(p.out, "nothing to do: database is at revision " R3 "\n");
    mt_proc_free(&p);

    /* down: one by default, running the non-transactional step too. */
    p = mt_schemac("migrate", "down", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "reverting " R3 ": notes\n"));
    CHECK(mt_contains(p.out, "database is at revision " R2 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('notes')"), "");
    p = mt_schemac("migrate", "down", "2", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "  step 1 of 2, outside a transaction: DROP INDEX CONCURRENTLY"));
    CHECK(mt_contains(p.out, "database is at revision none\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('accounts')"), "");
    CHECK_INT(applied_rows(db.conn), 0);
    p = mt_schemac("migrate", "status", "--dir", m, "--db", ci, NULL);
    CHECK(mt_contains(p.out, "at revision none\n"));
    CHECK(mt_contains(p.out, "3 pending"));
    mt_proc_free(&p);

    /* up again, then down to a revision and down none. */
    p = mt_schemac("migrate", "up", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "down", R1, "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "database is at revision " R1 "\n"));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 1);
    p = mt_schemac("migrate", "down", "5", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: error: cannot revert 5 revisions: the database has 1\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "down", "none", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 0);
    p = mt_schemac("migrate", "up", "20261129_0002_indx", "--dir", m, "--db", ci, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "no revision 20261129_0002_indx in "));
    CHECK(mt_contains(p.err, "hint: did you mean " R2 "?\n"));
    mt_proc_free(&p);
    free(m);
    mt_testdb_drop(&db);
}

static void test_failure_half_way_leaves_previous_revision(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1,
                   "-- +up\n"
                   "CREATE TABLE half (id int);\n"
                   "INSERT INTO half VALUES (1);\n"
                   "SELECT 1 / (SELECT count(*) - 1 FROM half);\n"
                   "CREATE TABLE never (id int);\n"
                   "-- +down\n"
                   "DROP TABLE never;\nDROP TABLE half;\n");
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    char *before = NULL;

    mt_proc p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    before = mt_fingerprint(db.conn);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    buf want = BUF_INIT;
    buf_printf(&want,
               "%s/" R2 ".sql:7:1: error: up failed: division by zero (SQLSTATE 22012)\n"
               "     7 | SELECT 1 / (SELECT count(*) - 1 FROM half);\n"
               "       | ^\n"
               "schemac: note: the transaction was rolled back: nothing of " R2
               " was applied and the database is still at revision " R1 "\n",
               m);
    CHECK_STR(p.err, buf_cstr(&want));
    CHECK(mt_contains(p.out, "applying " R2));
    mt_proc_free(&p);
    /* Nothing of R2, R3 never started, the version table says R1. */
    char *after = mt_fingerprint(db.conn);
    CHECK_STR(after, before);
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(revision, ',') FROM schemac_migrations"), R1);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_STR(p.out, R1 "\n");
    mt_proc_free(&p);
    buf_free(&want);
    free(before);
    free(after);
    free(m);
    mt_testdb_drop(&db);
}

static void test_error_position_points_into_the_file(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL,
                   "-- +up\n"
                   "CREATE TABLE t (id int);\n"
                   "INSERT INTO t\n"
                   "  SELECT idd FROM generate_series(1, 3) AS g(id);\n"
                   "-- +down\n"
                   "DROP TABLE t;\n");
    mt_hash(m);
    mt_proc p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    buf want = BUF_INIT;
    buf_printf(&want,
               "%s/" R1 ".sql:7:10: error: up failed: column \"idd\" does not exist (SQLSTATE "
               "42703)\n"
               "     7 |   SELECT idd FROM generate_series(1, 3) AS g(id);\n"
               "       |          ^\n"
               "hint: Perhaps you meant to reference the column \"g.id\" or the column "
               "\"t.id\".\n"
               "schemac: note: in the statement at %s/" R1 ".sql:6:1\n"
               "schemac: note: the transaction was rolled back: nothing of " R1
               " was applied and the database is still at revision none\n",
               m, m);
    CHECK_STR(p.err, buf_cstr(&want));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 0);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('t')"), "");
    buf_free(&want);
    free(m);
    mt_testdb_drop(&db);
}

static void test_nontransactional_step_resumes_after_failure(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1,
                   "-- +up\n"
                   "CREATE TABLE r2_marker (id int);\n"
                   "-- +up nontransactional\n"
                   "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n"
                   "-- +down nontransactional\n"
                   "DROP INDEX CONCURRENTLY accounts_name_idx;\n"
                   "-- +down\n"
                   "DROP TABLE r2_marker;\n");
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    mt_proc p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    /* Another session holds the table: the concurrent build cannot start. */
    PGconn *blocker = pgtest_connect_to(db.conninfo);
    pgtest_exec(blocker, "BEGIN; LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE;");
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, "--concurrent-lock-timeout",
                   "300ms", NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "/" R2 ".sql:7:1: error: up failed: canceling statement due to lock "
                          "timeout (SQLSTATE 55P03)\n"));
    CHECK(mt_contains(p.err, "hint: a concurrent index statement waits for the locks on its table "
                          "and for every transaction older than itself"));
    CHECK(mt_contains(p.err, "schemac: note: the statement ran outside a transaction; a failed "
                          "CREATE INDEX CONCURRENTLY leaves an INVALID index"));
    CHECK(!strstr(p.err, "rolls back the open transaction"));
    CHECK(mt_contains(p.err, "schemac: note: " R2 " is partly applied (1 of 2 steps); `schemac "
                          "migrate up` resumes at step 2 (if that step is wrong: edit it"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT steps_done || '/' || steps_total FROM schemac_migrations "
                             "WHERE revision = '" R2 "'"),
              "1/2");
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('r2_marker')"), "r2_marker");
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('accounts_name_idx')"), "");
    p = mt_schemac("migrate", "current", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_STR(p.out, R2 " (partly applied (1 of 2 steps))\n");
    mt_proc_free(&p);
    p = mt_schemac("migrate", "status", "--dir", m, "--db", db.conninfo, NULL);
    CHECK(mt_contains(p.out, "at revision " R2 ", partly applied (1 of 2 steps)\n"));
    mt_proc_free(&p);
    /* A target before the partly applied revision leaves it alone. */
    p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK_STR(p.out, "nothing to do: database is at revision " R2 " (partly applied)\n");
    mt_proc_free(&p);
    /* Reverting a half-applied revision is refused. */
    p = mt_schemac("migrate", "down", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "error: revision " R2 " is only partly applied (1 of 2 steps)\n"));
    mt_proc_free(&p);
    pgtest_exec(blocker, "COMMIT");
    PQfinish(blocker);
    /* The next run resumes at the index, without redoing step 1. */
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "applying " R2 ": index\n  step 2 of 2, outside a transaction"));
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(steps_done || '/' || steps_total, ',' ORDER BY "
                             "revision) FROM schemac_migrations"),
              "1/1,2/2,1/1");
    CHECK_STR(mt_value(db.conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                             "'accounts_name_idx'::regclass"),
              "t");
    /* Down runs the non-transactional step and records it; all the way. */
    p = mt_schemac("migrate", "down", "none", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 0);
    free(m);
    mt_testdb_drop(&db);
}

static void test_edited_applied_revision_is_reported_not_rerun(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    mt_proc p = mt_schemac("migrate", "up", R2, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    /* Someone edits an applied revision and even re-hashes it. */
    buf path = BUF_INIT;
    buf_printf(&path, "%s/" R1 ".sql", m);
    size_t len;
    char *text = load_read_file(buf_cstr(&path), &len);
    buf edited = BUF_INIT;
    buf_puts(&edited, text);
    buf_puts(&edited, "-- an innocent comment\n");
    mt_write_text(buf_cstr(&path), buf_cstr(&edited));
    mt_hash(m);
    char *before = mt_fingerprint(db.conn);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    buf want = BUF_INIT;
    buf_printf(&want, "%s: error: revision " R1 " was edited after it was applied to this "
                      "database (applied checksum ",
               buf_cstr(&path));
    CHECK(mt_contains(p.err, buf_cstr(&want)));
    CHECK(mt_contains(p.err, "hint: put the file back as it was applied (see its history in version "
                          "control); to change the schema further, write a new revision\n"));
    CHECK_STR(p.out, "");
    mt_proc_free(&p);
    char *after = mt_fingerprint(db.conn);
    CHECK_STR(after, before);
    CHECK_INT(applied_rows(db.conn), 2);
    p = mt_schemac("migrate", "status", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, buf_cstr(&want)));
    CHECK(mt_contains(p.out, "drift: see the errors above"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "history", "--dir", m, "--db", db.conninfo, NULL);
    CHECK(mt_contains(p.out, "[x] " R1 "  base  applied "));
    CHECK(mt_contains(p.out, " (file edited since)\n"));
    mt_proc_free(&p);
    /* Putting the file back makes it whole again. */
    mt_write_text(buf_cstr(&path), text);
    mt_hash(m);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 3);
    free(before);
    free(after);
    free(text);
    buf_free(&want);
    buf_free(&edited);
    buf_free(&path);
    free(m);
    mt_testdb_drop(&db);
}

static void test_applied_revision_missing_from_directory(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    mt_proc p = mt_schemac("migrate", "up", R2, "--dir", m, "--db", db.conninfo, NULL);
    mt_proc_free(&p);
    buf path = BUF_INIT;
    buf_printf(&path, "%s/" R2 ".sql", m);
    unlink(buf_cstr(&path));
    mt_write_revision(m, R3, R1, r3_body); /* R3 now follows R1 */
    mt_hash(m);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    buf want = BUF_INIT;
    buf_printf(&want, "%s: error: revision " R2 " is applied to the database but " R2
                      ".sql is not in the migrations directory\n"
                      "hint: restore the file (from version control); if this database was "
                      "migrated from another directory or branch, use that one (--dir)\n",
               m);
    CHECK_STR(p.err, buf_cstr(&want));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 2);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('notes')"), "");
    /* The database is at R2, whose file is gone: say so, not R1. */
    p = mt_schemac("migrate", "status", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.out, "at revision " R2 " (its file is not in the directory)\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_STR(p.out, R2 "\n");
    mt_proc_free(&p);
    buf_free(&want);
    buf_free(&path);
    free(m);
    mt_testdb_drop(&db);
}

/* A broken history stops `up` before it touches the database. */
static void check_applies_nothing(const char *m, const char *want_in_err)
{
    mt_testdb db = mt_testdb_create();
    char *before = mt_fingerprint(db.conn);
    mt_proc p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, want_in_err));
    CHECK_STR(p.out, "");
    mt_proc_free(&p);
    char *after = mt_fingerprint(db.conn);
    CHECK_STR(after, before);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('schemac_migrations')"), "");
    free(before);
    free(after);
    mt_testdb_drop(&db);
}

static void test_history_errors_apply_nothing(void)
{
    buf want = BUF_INIT;
    /* A branch. */
    char *m = three_revisions();
    mt_write_revision(m, "20261129_0003_other", R2, r3_body);
    mt_hash(m);
    buf_printf(&want,
               "%s/20261129_0003_other.sql:2:12: error: branch: " R3
               ".sql and 20261129_0003_other.sql both follow " R2 "\n"
               "     2 | -- parent: " R2 "\n"
               "       |            ^\n"
               "hint: re-create the newer one with `schemac migrate new` after deleting it, or "
               "set its parent to " R3 "\n",
               m);
    check_applies_nothing(m, buf_cstr(&want));
    free(m);
    /* A missing parent. */
    m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    check_applies_nothing(m, "/" R3 ".sql:2:12: error: parent revision " R2 " does not exist in ");
    free(m);
    /* An edited file. */
    m = three_revisions();
    mt_write_revision(m, R2, R1, "-- +up\nSELECT 'sneaky';\n-- +down\n");
    check_applies_nothing(m, "/" R2 ".sql: error: revision file was edited after it was created: "
                             "its checksum is ");
    free(m);
    /* A sum file whose total is wrong (a bad merge). */
    m = three_revisions();
    buf sum_path = BUF_INIT;
    buf_printf(&sum_path, "%s/schemac.sum", m);
    size_t len;
    char *sum = load_read_file(buf_cstr(&sum_path), &len);
    char *total = strstr(sum, "\ntotal ") + 7;
    total[0] = total[0] == '0' ? '1' : '0';
    mt_write_text(buf_cstr(&sum_path), sum);
    check_applies_nothing(m, "/schemac.sum:7:1: error: the total does not match the lines above it "
                             "(the file was edited or merged by hand)\n");
    free(sum);
    buf_free(&sum_path);
    free(m);
    /* A revision nobody recorded. */
    m = three_revisions();
    mt_write_revision(m, "20261129_0004_stray", R3, r3_body);
    check_applies_nothing(m, "/20261129_0004_stray.sql: error: revision 20261129_0004_stray is not "
                             "recorded in schemac.sum\n");
    free(m);
    buf_free(&want);
}

static void test_two_runners_apply_each_revision_once(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1,
                   "-- +up\nSELECT pg_sleep(1);\nCREATE TABLE slow (id int);\n"
                   "-- +down\nDROP TABLE slow;\n");
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    char *argv[] = {(char *)mt_schemac_path, "migrate", "up", "--dir", m, "--db", db.conninfo, NULL};
    char *out[2], *err[2];
    pid_t pid[2];
    for (int i = 0; i < 2; i++) {
        out[i] = mt_scratch_file("out");
        err[i] = mt_scratch_file("err");
        pid[i] = mt_spawn(argv, out[i], err[i]);
    }
    mt_proc p[2];
    for (int i = 0; i < 2; i++)
        mt_collect(&p[i], pid[i], out[i], err[i]);
    CHECK_INT(p[0].status, 0);
    CHECK_INT(p[1].status, 0);
    /* Each revision was applied by exactly one of them, once. */
    int applied[3] = {0};
    const char *ids[3] = {R1, R2, R3};
    bool waited = false;
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 3; k++) {
            buf line = BUF_INIT;
            buf_printf(&line, "applying %s:", ids[k]);
            for (const char *s = p[i].out; (s = strstr(s, buf_cstr(&line))); s++)
                applied[k]++;
            buf_free(&line);
        }
        waited |= strstr(p[i].err, "schemac: waiting for another schemac runner to finish "
                                   "(backend pid ") != NULL;
    }
    CHECK_INT(applied[0], 1);
    CHECK_INT(applied[1], 1);
    CHECK_INT(applied[2], 1);
    CHECK(waited);
    CHECK_INT(applied_rows(db.conn), 3);
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM accounts"), 1);
    for (int i = 0; i < 2; i++) {
        mt_proc_free(&p[i]);
        free(out[i]);
        free(err[i]);
    }
    free(m);
    mt_testdb_drop(&db);
}

static void test_killed_runner_leaves_clean_state_and_next_up_completes(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1,
                   "-- +up\nCREATE TABLE killed (id int);\nINSERT INTO killed VALUES (1);\n"
                   "SELECT pg_sleep(s) FROM sleep_for;\n-- +down\nDROP TABLE killed;\n");
    mt_write_revision(m, R3, R2, r3_body);
    mt_hash(m);
    /* R2 sleeps for as long as this table says: 30 s the first time. */
    pgtest_exec(db.conn, "CREATE TABLE sleep_for (s float); INSERT INTO sleep_for VALUES (30);");
    char *argv[] = {(char *)mt_schemac_path, "migrate", "up", "--dir", m, "--db", db.conninfo, NULL};
    char *out = mt_scratch_file("out"), *err = mt_scratch_file("err");
    pid_t pid = mt_spawn(argv, out, err);
    /* Wait until the runner is inside R2's transaction, then kill it. */
    bool sleeping = false;
    for (int i = 0; i < 200 && !sleeping; i++) {
        sleeping = mt_count(db.conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND state = 'active' AND query = 'SELECT "
                                  "pg_sleep(s) FROM sleep_for;'") == 1;
        if (!sleeping)
            sleep_ms(25);
    }
    CHECK(sleeping);
    kill(pid, SIGKILL);
    mt_proc p;
    mt_collect(&p, pid, out, err);
    CHECK_INT(p.status, 128 + SIGKILL);
    mt_proc_free(&p);
    /* The version table holds R1 only: R2's row was never committed. */
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(revision, ',') FROM schemac_migrations"), R1);
    pgtest_exec(db.conn, "UPDATE sleep_for SET s = 0");
    /* The next runner waits for the killed one's session to end (the
     * server notices the dead client within a second, not after the 30 s
     * sleep, and rolls back) and then applies R2 and R3 cleanly. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK(t1.tv_sec - t0.tv_sec < 10);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "applying " R2 ": index\n"));
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 3);
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM killed"), 1);
    free(out);
    free(err);
    free(m);
    mt_testdb_drop(&db);
}

/* A session that still holds the worker lock (the session of a runner
 * whose process died while its statement runs on) holds the next runner
 * back until it ends. */
static void test_runner_waits_for_a_previous_worker_session(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    PGconn *zombie = pgtest_connect_to(db.conninfo);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%lld)", (long long)RUNNER_WORKER_KEY);
    pgtest_exec(zombie, sql);
    char *argv[] = {(char *)mt_schemac_path, "migrate", "up", "--dir", m, "--db", db.conninfo, NULL};
    char *out = mt_scratch_file("out"), *err = mt_scratch_file("err");
    pid_t pid = mt_spawn(argv, out, err);
    bool waiting = false;
    for (int i = 0; i < 200 && !waiting; i++) {
        waiting = mt_count(db.conn, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING "
                                 "(pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND "
                                 "a.datname = current_database()") == 1;
        if (!waiting)
            sleep_ms(25);
    }
    CHECK(waiting);
    sleep_ms(200);
    CHECK_INT(applied_rows(db.conn), 0);
    PQfinish(zombie);
    mt_proc p;
    mt_collect(&p, pid, out, err);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.err, "schemac: waiting for the database session of an interrupted runner to "
                          "end (backend pid "));
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 3);
    free(out);
    free(err);
    free(m);
    mt_testdb_drop(&db);
}

static void test_dry_run_and_sql_change_nothing(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    char *empty = mt_fingerprint(db.conn);
    mt_proc p = mt_schemac("migrate", "up", "--dry-run", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "-- dry run: the SQL `schemac migrate up` would run; nothing was "
                          "executed\nCREATE TABLE IF NOT EXISTS schemac_migrations (\n"));
    CHECK(mt_contains(p.out, "\n-- up " R1 ": base\nBEGIN;\nSET LOCAL lock_timeout = '5000ms';\n"
                          "SET LOCAL statement_timeout = '0ms';\nCREATE TABLE accounts"));
    CHECK(mt_contains(p.out, "INSERT INTO schemac_migrations (revision, parent, checksum, "
                          "duration_ms, steps_done, steps_total) VALUES ('" R1 "', NULL, '"));
    CHECK(mt_contains(p.out, "RESET ALL;\n-- step 2 of 2 runs outside a transaction\nSET "
                          "lock_timeout = '0ms';\nSET statement_timeout = '0ms';\nCREATE "
                          "INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\nUPDATE "
                          "schemac_migrations SET steps_done = 2, duration_ms = duration_ms + 0 "
                          "WHERE revision = '" R2 "';\n"));
    mt_proc_free(&p);
    char *after = mt_fingerprint(db.conn);
    CHECK_STR(after, empty);
    free(after);

    /* --sql needs no database at all, and changes none. */
    p = mt_schemac("migrate", "up", "--sql", "--dir", m, "--db", "dbname=does_not_exist", NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "-- schemac migrate up --sql: from revision none; 3 revisions.\n"));
    CHECK(mt_contains(p.out, "\\set ON_ERROR_STOP on\n"));
    char *script = p.out;
    p.out = NULL;
    mt_proc_free(&p);
    after = mt_fingerprint(db.conn);
    CHECK_STR(after, empty);
    free(after);

    /* The script, run by psql on another database, gives what `up` gives. */
    mt_testdb other = mt_testdb_create();
    char *script_path = mt_scratch_file("script.sql");
    mt_write_text(script_path, script);
    char *psql_argv[] = {"/usr/bin/env", "psql", "-X", "-q", "-d", other.conninfo, "-f",
                         script_path, NULL};
    char *o = mt_scratch_file("out"), *e = mt_scratch_file("err");
    mt_collect(&p, mt_spawn(psql_argv, o, e), o, e);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    free(o);
    free(e);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    char *by_runner = mt_fingerprint(db.conn), *by_script = mt_fingerprint(other.conn);
    CHECK_STR(by_script, by_runner);
    static const char rows_sql[] = "SELECT string_agg(revision || ':' || checksum || ':' || "
                                   "steps_done || '/' || steps_total, ',' ORDER BY revision) "
                                   "FROM schemac_migrations";
    char *rows_by_script = pgtest_query_value(other.conn, rows_sql);
    CHECK(rows_by_script && strlen(rows_by_script) > 200);
    CHECK_STR(rows_by_script, mt_value(db.conn, rows_sql));
    free(rows_by_script);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", other.conninfo, NULL);
    CHECK_STR(p.out, R3 "\n");
    mt_proc_free(&p);

    /* down --dry-run on the migrated database changes nothing either. */
    p = mt_schemac("migrate", "down", "2", "--dry-run", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "\n-- down " R3 ": notes\nBEGIN;\n"));
    CHECK(mt_contains(p.out, "DELETE FROM public.schemac_migrations WHERE revision = '" R3 "';\n"));
    CHECK(mt_contains(p.out, "DROP INDEX CONCURRENTLY accounts_email_idx;\nUPDATE "
                          "public.schemac_migrations SET down_steps_done = 1 WHERE revision = '" R2
                          "';\n"));
    mt_proc_free(&p);
    after = mt_fingerprint(db.conn);
    CHECK_STR(after, by_runner);
    CHECK_INT(applied_rows(db.conn), 3);
    /* down --sql from a named revision. */
    p = mt_schemac("migrate", "down", "--sql", "--from", R2, "--dir", m, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "-- schemac migrate down --sql: from revision " R2 "; 1 revision.\n"));
    CHECK(mt_contains(p.out, "DELETE FROM schemac_migrations WHERE revision = '" R2 "';\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "down", "--sql", "--dir", m, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "`down --sql` needs --from REV"));
    mt_proc_free(&p);

    unlink(script_path);
    free(script_path);
    free(script);
    free(by_runner);
    free(by_script);
    free(after);
    free(empty);
    free(m);
    mt_testdb_drop(&other);
    mt_testdb_drop(&db);
}

static void test_bootstrap_and_seed(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    mt_proc p = mt_schemac("migrate", "bootstrap", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "database is at revision " R3 "\nno seed data defined (no snapshot in "));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "seed", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "no seed data defined (no snapshot in "));
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 3);
    free(m);
    mt_testdb_drop(&db);
}

static void test_connection_and_usage_errors(void)
{
    char *m = three_revisions();
    /* The server is there (PGHOST, PGPORT from with_pg), the database not. */
    mt_proc p = mt_schemac("migrate", "up", "--dir", m, "--db", "postgresql:///no_such_db_here", NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: error: database \"no_such_db_here\" does not exist on the "
                          "server\n"));
    CHECK(mt_contains(p.err, "hint: create it first: createdb no_such_db_here "));
    CHECK(mt_contains(p.err, "or run the command again with --create-database\n"));
    mt_proc_free(&p);
    /* --create-database makes it, then migrates it. */
    mt_testdb db = mt_testdb_create();
    char created[128];
    snprintf(created, sizeof created, "%s_new", PQdb(db.conn));
    buf ci = BUF_INIT;
    buf_printf(&ci, "%s dbname=%s", db.conninfo, created);
    p = mt_schemac("migrate", "up", "--create-database", "--dir", m, "--db", buf_cstr(&ci), NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.err, "schemac: created database \""));
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "current", "--dir", m, "--db", buf_cstr(&ci), NULL);
    CHECK_STR(p.out, R3 "\n");
    mt_proc_free(&p);
    char drop[192];
    snprintf(drop, sizeof drop, "DROP DATABASE %s", created);
    pgtest_exec(db.admin, drop);
    buf_free(&ci);
    mt_testdb_drop(&db);
    /* No --db and no DATABASE_URL: said first, then libpq's error. */
    char *url = getenv("DATABASE_URL") ? strdup(getenv("DATABASE_URL")) : NULL;
    char *host = getenv("PGHOST") ? strdup(getenv("PGHOST")) : NULL;
    unsetenv("DATABASE_URL");
    setenv("PGHOST", "/nonexistent", 1);
    p = mt_schemac("migrate", "status", "--dir", m, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: note: no database named: no --db, and DATABASE_URL is not "
                          "set, so libpq's defaults were used"));
    const char *note = strstr(p.err, "no database named");
    const char *error = strstr(p.err, "error: cannot connect");
    CHECK(note && error && note < error);
    CHECK(mt_contains(p.err, "hint: name the database with --db CONNINFO_OR_URL, or set "
                          "DATABASE_URL"));
    CHECK_STR(p.out, "");
    mt_proc_free(&p);
    if (url)
        setenv("DATABASE_URL", url, 1);
    if (host)
        setenv("PGHOST", host, 1);
    else
        unsetenv("PGHOST");
    free(url);
    free(host);
    p = mt_schemac("migrate", "up", "--lock-timeout", "soon", "--dir", m, NULL);
    CHECK_INT(p.status, 2);
    CHECK(mt_contains(p.err, "--lock-timeout: `soon` is not a duration"));
    mt_proc_free(&p);
    /* Counts below 1 are usage errors, said as such. */
    p = mt_schemac("migrate", "down", "0", "--dir", m, NULL);
    CHECK_INT(p.status, 2);
    CHECK(mt_contains(p.err, "the number of revisions to revert must be at least 1"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "down", "-1", "--dir", m, NULL);
    CHECK_INT(p.status, 2);
    CHECK(mt_contains(p.err, "the number of revisions to revert must be at least 1"));
    CHECK(!strstr(p.err, "unknown option"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "sideways", NULL);
    CHECK_INT(p.status, 2);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dry-run", "--sql", "--dir", m, NULL);
    CHECK_INT(p.status, 2);
    mt_proc_free(&p);
    free(m);
}

/* A concurrent build waits for a long transaction on another table; it
 * does not inherit --lock-timeout, which is meant for DDL. */
static void test_concurrent_build_waits_for_a_long_transaction(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    mt_proc p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    pgtest_exec(db.conn, "CREATE TABLE unrelated (id int); INSERT INTO unrelated VALUES (1)");
    PGconn *reader = pgtest_connect_to(db.conninfo);
    pgtest_exec(reader, "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM unrelated;");
    char *argv[] = {(char *)mt_schemac_path, "migrate", "up", "--dir", m, "--db", db.conninfo,
                    "--lock-timeout", "200ms", NULL};
    char *out = mt_scratch_file("out"), *err = mt_scratch_file("err");
    pid_t pid = mt_spawn(argv, out, err);
    bool waiting = false;
    for (int i = 0; i < 200 && !waiting; i++) {
        waiting = mt_count(db.conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                    "current_database() AND wait_event_type = 'Lock' AND query "
                                    "LIKE 'CREATE INDEX CONCURRENTLY%'") == 1;
        if (!waiting)
            sleep_ms(25);
    }
    CHECK(waiting);
    sleep_ms(600); /* three times --lock-timeout: it still waits */
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND wait_event_type = 'Lock' AND query "
                                "LIKE 'CREATE INDEX CONCURRENTLY%'"),
              1);
    pgtest_exec(reader, "COMMIT");
    PQfinish(reader);
    mt_collect(&p, pid, out, err);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "database is at revision " R3 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                "'accounts_email_idx'::regclass"),
              "t");
    /* The script and --dry-run show the same timeouts. */
    p = mt_schemac("migrate", "up", "--sql", "--dir", m, "--concurrent-lock-timeout", "1min", NULL);
    CHECK(mt_contains(p.out, "-- step 2 of 2 runs outside a transaction\n"
                             "SET lock_timeout = '60000ms';\n"));
    CHECK(mt_contains(p.out, "BEGIN;\nSET LOCAL lock_timeout = '5000ms';\n"));
    mt_proc_free(&p);
    free(out);
    free(err);
    free(m);
    mt_testdb_drop(&db);
}

/* A concurrent unique build that fails on a duplicate leaves an INVALID
 * index; once the data is fixed, the next up drops it and builds again. */
static void test_failed_concurrent_build_is_rebuilt(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1,
                      "-- +up nontransactional\n"
                      "CREATE UNIQUE INDEX CONCURRENTLY \"Accounts_name_key\" ON public.accounts "
                      "(name);\n"
                      "-- +down nontransactional\n"
                      "DROP INDEX CONCURRENTLY \"Accounts_name_key\";\n");
    mt_hash(m);
    mt_proc p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    mt_proc_free(&p);
    pgtest_exec(db.conn, "INSERT INTO accounts VALUES (2, 'twin'), (3, 'twin')");
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "(SQLSTATE 23505)"));
    CHECK(mt_contains(p.err, "which the next `schemac migrate up` drops before building it again"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                "'\"Accounts_name_key\"'::regclass"),
              "f");
    pgtest_exec(db.conn, "DELETE FROM accounts WHERE id = 3");
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "  dropping INVALID index public.\"Accounts_name_key\", left by an "
                             "earlier failed build\n"));
    CHECK(mt_contains(p.out, "database is at revision " R2 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                "'\"Accounts_name_key\"'::regclass"),
              "t");
    free(m);
    mt_testdb_drop(&db);
}

/* A lost connection in a step outside a transaction: no transaction to
 * roll back, and the note does not claim one. */
static void test_connection_lost_outside_a_transaction(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    mt_write_revision(m, R1, NULL,
                      "-- +up\nCREATE TABLE t (id int);\n"
                      "-- +up nontransactional\nSELECT pg_terminate_backend(pg_backend_pid());\n"
                      "-- +down\nDROP TABLE t;\n");
    mt_hash(m);
    mt_proc p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: note: the connection to the database was lost\n"));
    CHECK(!strstr(p.err, "rolls back the open transaction"));
    CHECK(mt_contains(p.err, R1 " is partly applied (1 of 2 steps)"));
    mt_proc_free(&p);
    free(m);
    mt_testdb_drop(&db);
}

/* A partly applied revision whose failed step is fixed in the file:
 * `migrate hash`, then `migrate repair`, then `up` resumes. */
static void test_repair_accepts_the_fixed_step_of_a_partly_applied_revision(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    static const char broken[] = "-- +up\n"
                                 "CREATE TABLE r2_marker (id int);\n"
                                 "-- +up nontransactional\n"
                                 "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (nme);\n"
                                 "-- +down nontransactional\n"
                                 "DROP INDEX CONCURRENTLY accounts_name_idx;\n"
                                 "-- +down\n"
                                 "DROP TABLE r2_marker;\n";
    mt_write_revision(m, R1, NULL, r1_body);
    mt_write_revision(m, R2, R1, broken);
    mt_hash(m);
    mt_proc p = mt_schemac("migrate", "repair", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "error: nothing to repair: no revision is partly applied"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "column \"nme\" does not exist"));
    mt_proc_free(&p);
    /* Fix the failed step; the file no longer matches what was applied. */
    buf fixed = BUF_INIT;
    buf_puts(&fixed, "-- +up\nCREATE TABLE r2_marker (id int);\n-- +up nontransactional\n"
                     "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n"
                     "-- +down nontransactional\nDROP INDEX CONCURRENTLY accounts_name_idx;\n"
                     "-- +down\nDROP TABLE r2_marker;\n");
    mt_write_revision(m, R2, R1, buf_cstr(&fixed));
    mt_hash(m);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "was edited after it was applied to this database"));
    CHECK(mt_contains(p.err, "accept the file with `schemac migrate repair`"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "repair", "--dry-run", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "UPDATE public.schemac_migrations SET checksum = '"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "repair", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "repaired " R2 ": recorded the file as it is now"));
    CHECK(mt_contains(p.out, "1 of 2 steps were applied before"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "applying " R2 ": index\n  step 2 of 2, outside a transaction"));
    CHECK(mt_contains(p.out, "database is at revision " R2 "\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(steps_done || '/' || steps_total, ',' ORDER BY "
                                "revision) FROM schemac_migrations"),
              "1/1,2/2");
    /* An applied revision is never repaired. */
    p = mt_schemac("migrate", "repair", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "nothing to repair"));
    mt_proc_free(&p);
    buf_free(&fixed);
    free(m);
    mt_testdb_drop(&db);
}

/* A database made without the runner is adopted with `stamp`. */
static void test_stamp_adopts_a_database_without_running_anything(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    pgtest_exec(db.conn, "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, "
                         "email text)");
    mt_proc p = mt_schemac("migrate", "stamp", "20261129_0002_indx", "--dir", m, "--db",
                           db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "hint: did you mean " R2 "?\n"));
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('schemac_migrations')"), "");
    p = mt_schemac("migrate", "stamp", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 2);
    mt_proc_free(&p);
    char *before = mt_fingerprint(db.conn);
    p = mt_schemac("migrate", "stamp", R2, "--dry-run", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "ON CONFLICT (revision) DO UPDATE"));
    mt_proc_free(&p);
    char *after = mt_fingerprint(db.conn);
    CHECK_STR(after, before);
    free(after);
    p = mt_schemac("migrate", "stamp", R2, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK_STR(p.out, "stamped: database is at revision " R2
                     " (2 revisions recorded as applied; no revision was run)\n");
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('accounts_email_idx')"), "");
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(revision || ':' || steps_done || '/' || "
                                "steps_total || ':' || length(checksum), ',' ORDER BY revision) "
                                "FROM schemac_migrations"),
              R1 ":1/1:64," R2 ":2/2:64");
    p = mt_schemac("migrate", "status", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "at revision " R2 "\n"));
    CHECK(mt_contains(p.out, "1 pending\n  " R3 "  notes\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(!strstr(p.out, "applying " R1));
    CHECK(mt_contains(p.out, "applying " R3 ": notes\n"));
    mt_proc_free(&p);
    /* Back to R1: the rows after it go; R1's row stays as it was. */
    const char *applied_at = mt_value(db.conn, "SELECT applied_at::text FROM schemac_migrations "
                                               "WHERE revision = '" R1 "'");
    buf r1_at = BUF_INIT;
    buf_printf(&r1_at, R1 ":%s", applied_at);
    p = mt_schemac("migrate", "stamp", R1, "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(revision || ':' || applied_at::text, ',') FROM "
                                "schemac_migrations"),
              buf_cstr(&r1_at));
    CHECK_STR(mt_value(db.conn, "SELECT to_regclass('notes')"), "notes");
    p = mt_schemac("migrate", "stamp", "none", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK_STR(p.out, "stamped: database is at revision none (0 revisions recorded as applied; no "
                     "revision was run)\n");
    mt_proc_free(&p);
    CHECK_INT(applied_rows(db.conn), 0);
    buf_free(&r1_at);
    free(before);
    free(m);
    mt_testdb_drop(&db);
}

/* status --exit-code gates CI; a version table that cannot be read prints
 * nothing on stdout, only the error. */
static void test_status_exit_code_and_unreadable_version_table(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = three_revisions();
    mt_proc p = mt_schemac("migrate", "up", R1, "--dir", m, "--db", db.conninfo, NULL);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "status", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "status", "--exit-code", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.out, "2 pending"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "status", "--exit-code", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);

    char role[80], sql[256];
    snprintf(role, sizeof role, "%s_reader", PQdb(db.conn));
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN", role, role);
    pgtest_exec(db.admin, sql);
    buf ci = BUF_INIT;
    buf_printf(&ci, "%s user=%s", db.conninfo, role);
    const char *cmds[] = {"status", "history", "current"};
    for (int i = 0; i < 3; i++) {
        p = mt_schemac("migrate", cmds[i], "--dir", m, "--db", buf_cstr(&ci), NULL);
        CHECK_INT(p.status, 1);
        CHECK_STR(p.out, "");
        CHECK(mt_contains(p.err, "permission denied"));
        mt_proc_free(&p);
    }
    buf_free(&ci);
    free(m);
    mt_testdb_drop(&db);
    snprintf(sql, sizeof sql, "DROP ROLE %s", role);
    PGconn *admin = pgtest_connect();
    pgtest_exec(admin, sql);
    PQfinish(admin);
}

static void test_lock_keys_are_derived_from_names(void)
{
    unsigned char digest[SHA256_DIGEST_SIZE];
    const char *names[] = {"schemac", "schemac worker"};
    int64_t keys[] = {RUNNER_LOCK_KEY, RUNNER_WORKER_KEY};
    for (int i = 0; i < 2; i++) {
        sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, names[i], strlen(names[i]));
        sha256_final(&c, digest);
        uint64_t k = 0;
        for (int j = 0; j < 8; j++)
            k = k << 8 | digest[j];
        CHECK(memcmp(&k, &keys[i], sizeof k) == 0);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCHEMAC\n", argv[0]);
        return 2;
    }
    mt_schemac_path = argv[1];
    test_lock_keys_are_derived_from_names();
    test_up_down_status_history_current();
    test_failure_half_way_leaves_previous_revision();
    test_error_position_points_into_the_file();
    test_nontransactional_step_resumes_after_failure();
    test_edited_applied_revision_is_reported_not_rerun();
    test_applied_revision_missing_from_directory();
    test_history_errors_apply_nothing();
    test_two_runners_apply_each_revision_once();
    test_killed_runner_leaves_clean_state_and_next_up_completes();
    test_runner_waits_for_a_previous_worker_session();
    test_dry_run_and_sql_change_nothing();
    test_bootstrap_and_seed();
    test_connection_and_usage_errors();
    test_concurrent_build_waits_for_a_long_transaction();
    test_failed_concurrent_build_is_rebuilt();
    test_connection_lost_outside_a_transaction();
    test_repair_accepts_the_fixed_step_of_a_partly_applied_revision();
    test_stamp_adopts_a_database_without_running_anything();
    test_status_exit_code_and_unreadable_version_table();
    return check_report();
}
