/* Tests for revision: parsing revision files (statement splitting that
 * respects quotes, dollar quotes, comments and function bodies; sections and
 * steps) and the exact diagnostic for every kind of bad file; naming. */
#include <stdlib.h>

#include "check.h"
#include "revision.h"

static char *render(diag *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_render(d, f, false);
    fclose(f);
    return text;
}

/* Parses `text` as file `path`; returns the rendered diagnostics (caller
 * frees) and the parse result in *rc. */
static char *parse(const char *path, const char *text, int *rc)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    *rc = revision_parse(&a, path, text, strlen(text), &r, &d);
    char *out = render(&d);
    diag_free(&d);
    arena_free(&a);
    return out;
}

#define HEADER "-- schemac revision: 20261129_0001_create_users\n-- parent: none\n-- message: create users\n"

static void test_parses_header_sections_and_steps(void)
{
    const char *text =
        HEADER
        "\n"
        "-- +up\n"
        "-- hazard: table_rewrite: rewrites nothing\n"
        "CREATE TABLE users (id bigint PRIMARY KEY, note text DEFAULT 'a;b', \"we;ird\" int);\n"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  NEW.updated_at := now(); -- a ; in a comment\n"
        "  RETURN NEW;\n"
        "END;\n"
        "$$;\n"
        "CREATE FUNCTION f2() RETURNS text LANGUAGE sql AS $body$ SELECT '$$;' $body$;\n"
        "SELECT E'it\\'s; fine', 'it''s;', /* c; /* nested; */ still; */ 1;\n"
        "-- +up nontransactional\n"
        "CREATE INDEX CONCURRENTLY users_note ON users (note);\n"
        "  CREATE INDEX CONCURRENTLY users_x ON users (id);\n"
        "-- +up\n"
        "SELECT 2;\n"
        "-- +down\n"
        "DROP FUNCTION f2();\n"
        "DROP FUNCTION touch(); DROP TABLE users;\n";
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "migrations/20261129_0001_create_users.sql", text, strlen(text),
                             &r, &d),
              0);
    CHECK_INT(d.count, 0);
    CHECK_STR(r.id, "20261129_0001_create_users");
    CHECK(r.parent == NULL);
    CHECK_STR(r.message, "create users");
    CHECK_INT(r.id_pos.line, 1);
    CHECK_INT(r.id_pos.col, 22);
    CHECK_INT(r.nup, 4);
    CHECK(r.up[0].transactional);
    CHECK_INT(r.up[0].n, 4);
    CHECK_INT(r.up[0].marker_line, 5);
    CHECK_STR(r.up[0].stmts[0].sql,
              "CREATE TABLE users (id bigint PRIMARY KEY, note text DEFAULT 'a;b', \"we;ird\" int);");
    CHECK_INT(r.up[0].stmts[0].line, 7);
    CHECK_INT(r.up[0].stmts[0].col, 1);
    CHECK_STR(r.up[0].stmts[1].sql, "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                                    "BEGIN\n"
                                    "  NEW.updated_at := now(); -- a ; in a comment\n"
                                    "  RETURN NEW;\n"
                                    "END;\n"
                                    "$$;");
    CHECK_STR(r.up[0].stmts[2].sql,
              "CREATE FUNCTION f2() RETURNS text LANGUAGE sql AS $body$ SELECT '$$;' $body$;");
    CHECK_STR(r.up[0].stmts[3].sql,
              "SELECT E'it\\'s; fine', 'it''s;', /* c; /* nested; */ still; */ 1;");
    CHECK(!r.up[1].transactional);
    CHECK_INT(r.up[1].n, 1);
    CHECK_STR(r.up[1].stmts[0].sql, "CREATE INDEX CONCURRENTLY users_note ON users (note);");
    CHECK(!r.up[2].transactional);
    CHECK_INT(r.up[2].stmts[0].line, 18);
    CHECK_INT(r.up[2].stmts[0].col, 3);
    CHECK(r.up[3].transactional);
    CHECK_STR(r.up[3].stmts[0].sql, "SELECT 2;");
    CHECK_INT(r.ndown, 1);
    CHECK_INT(r.down[0].n, 3);
    CHECK_STR(r.down[0].stmts[2].sql, "DROP TABLE users;");
    CHECK_INT(r.down[0].stmts[2].col, 24);
    /* The statement's offset maps back to its position. */
    src_pos p = revision_position(&r, r.down[0].stmts[2].offset);
    CHECK_INT(p.line, r.down[0].stmts[2].line);
    CHECK_INT(p.col, 24);
    /* The checksum covers the whole file. */
    char sum[SHA256_HEX_SIZE];
    sha256_hex(text, strlen(text), sum);
    CHECK_STR(r.checksum, sum);
    diag_free(&d);
    arena_free(&a);
}

static void test_markers_inside_quotes_are_text(void)
{
    const char *text = HEADER "-- +up\n"
                              "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $f$\n"
                              "-- +down\n"
                              "SELECT 'x';\n"
                              "$f$;\n"
                              "SELECT '\n"
                              "-- +down\n"
                              "';\n"
                              "/*\n"
                              "-- +down\n"
                              "*/\n"
                              "-- +down\n"
                              "SELECT 3;\n";
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "20261129_0001_create_users.sql", text, strlen(text), &r, &d), 0);
    CHECK_INT(r.nup, 1);
    CHECK_INT(r.up[0].n, 2);
    CHECK_INT(r.ndown, 1);
    CHECK_STR(r.down[0].stmts[0].sql, "SELECT 3;");
    diag_free(&d);
    arena_free(&a);
}

static void test_empty_sections_make_no_steps(void)
{
    const char *text = HEADER "-- +up\n-- nothing yet\n-- +down\n";
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "20261129_0001_create_users.sql", text, strlen(text), &r, &d), 0);
    CHECK_INT(r.nup, 0);
    CHECK_INT(r.ndown, 0);
    diag_free(&d);
    arena_free(&a);
}

static void test_byte_order_mark_and_crlf(void)
{
    const char *text = "\xEF\xBB\xBF-- schemac revision: 20261129_0001_create_users\r\n"
                       "-- parent: 20261128_0003_base\r\n"
                       "-- message: create users\r\n"
                       "-- +up \r\n"
                       "SELECT 1;\r\n"
                       "-- +down\r\n";
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "20261129_0001_create_users.sql", text, strlen(text), &r, &d), 0);
    CHECK_STR(r.id, "20261129_0001_create_users");
    CHECK_STR(r.parent, "20261128_0003_base");
    CHECK_STR(r.message, "create users");
    CHECK_INT(r.nup, 1);
    diag_free(&d);
    arena_free(&a);
}

static void test_splits_sql_like_psql(void)
{
    arena a = ARENA_INIT;
    revision_stmt *st;
    size_t n = revision_split_sql(
        &a,
        "CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN "
        "true THEN 2 END; END;\n"
        "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\n"
        "SELECT $1, a$b, $x$;$x$ FROM \"t;\"\"\";\n"
        "SELECT e'\\\\'; SELECT 'a\\';\n"
        "SELECT 4",
        &st);
    CHECK_INT(n, 6);
    CHECK_STR(st[0].sql, "CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                         "SELECT CASE WHEN true THEN 2 END; END;");
    CHECK_STR(st[1].sql, "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);");
    CHECK_STR(st[2].sql, "SELECT $1, a$b, $x$;$x$ FROM \"t;\"\"\";");
    CHECK_STR(st[3].sql, "SELECT e'\\\\';");
    CHECK_STR(st[4].sql, "SELECT 'a\\';"); /* standard strings keep backslashes */
    CHECK_STR(st[5].sql, "SELECT 4");
    CHECK_INT(st[5].line, 5);
    arena_free(&a);
}

/* Every bad file, with the exact diagnostic it gets. */
static void test_bad_files_exact_diagnostics(void)
{
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"not a revision file",
         "CREATE TABLE t ();\n",
         "20261129_0001_create_users.sql:1:1: error: not a revision file: the first line must be "
         "`-- schemac revision: ID`\n"
         "     1 | CREATE TABLE t ();\n"
         "       | ^\n"
         "hint: a revision file starts with three header lines: `-- schemac revision: ID`, "
         "`-- parent: ID` (or `none`) and `-- message: TEXT`\n"},
        {"empty id",
         "-- schemac revision:\n-- parent: none\n-- message: m\n-- +up\n-- +down\n",
         "20261129_0001_create_users.sql:1:21: error: missing revision id after `-- schemac "
         "revision:`\n"
         "     1 | -- schemac revision:\n"
         "       |                     ^\n"
         "hint: revision ids are made by `schemac migrate new`: the UTC date, a counter within "
         "the day and a slug of the message (lowercase letters, digits and _), as in "
         "20261129_0001_create_users\n"},
        {"malformed id",
         "-- schemac revision: 2026-11-29_create\n-- parent: none\n-- message: m\n-- +up\n-- "
         "+down\n",
         "20261129_0001_create_users.sql:1:22: error: revision id `2026-11-29_create` is not of "
         "the form YYYYMMDD_NNNN_slug\n"
         "     1 | -- schemac revision: 2026-11-29_create\n"
         "       |                      ^\n"
         "hint: revision ids are made by `schemac migrate new`: the UTC date, a counter within "
         "the day and a slug of the message (lowercase letters, digits and _), as in "
         "20261129_0001_create_users\n"},
        {"id does not match the file name",
         "-- schemac revision: 20261129_0002_create_users\n-- parent: none\n-- message: m\n-- "
         "+up\n-- +down\n",
         "20261129_0001_create_users.sql:1:22: error: revision id `20261129_0002_create_users` "
         "does not match the file name `20261129_0001_create_users.sql`\n"
         "     1 | -- schemac revision: 20261129_0002_create_users\n"
         "       |                      ^\n"
         "hint: rename the file to `20261129_0002_create_users.sql`, or correct the id\n"},
        {"missing parent line",
         "-- schemac revision: 20261129_0001_create_users\n-- message: m\n-- +up\n-- +down\n",
         "20261129_0001_create_users.sql:2:1: error: missing header line `-- parent: ID`\n"
         "     2 | -- message: m\n"
         "       | ^\n"
         "hint: the header is `-- schemac revision: ID`, `-- parent: ID` (or `none`) and "
         "`-- message: TEXT`, in that order\n"},
        {"empty parent",
         "-- schemac revision: 20261129_0001_create_users\n-- parent:\n-- message: m\n-- +up\n-- "
         "+down\n",
         "20261129_0001_create_users.sql:2:11: error: missing parent after `-- parent:`\n"
         "     2 | -- parent:\n"
         "       |           ^\n"
         "hint: write `-- parent: none` for the first revision\n"},
        {"bad parent",
         "-- schemac revision: 20261129_0001_create_users\n-- parent: base\n-- message: m\n-- "
         "+up\n-- +down\n",
         "20261129_0001_create_users.sql:2:12: error: parent `base` is neither a revision id nor "
         "`none`\n"
         "     2 | -- parent: base\n"
         "       |            ^\n"
         "hint: revision ids are made by `schemac migrate new`: the UTC date, a counter within "
         "the day and a slug of the message (lowercase letters, digits and _), as in "
         "20261129_0001_create_users\n"},
        {"own parent",
         "-- schemac revision: 20261129_0001_create_users\n-- parent: "
         "20261129_0001_create_users\n-- message: m\n-- +up\n-- +down\n",
         "20261129_0001_create_users.sql:2:12: error: revision `20261129_0001_create_users` "
         "names itself as its parent\n"
         "     2 | -- parent: 20261129_0001_create_users\n"
         "       |            ^\n"},
        {"missing message line (file ends)",
         "-- schemac revision: 20261129_0001_create_users\n-- parent: none\n",
         "20261129_0001_create_users.sql:3:1: error: missing header line `-- message: TEXT`\n"
         "     3 | \n"
         "       | ^\n"
         "hint: the header is `-- schemac revision: ID`, `-- parent: ID` (or `none`) and "
         "`-- message: TEXT`, in that order\n"},
        {"missing up",
         HEADER "\n-- +down\nDROP TABLE t;\n",
         "20261129_0001_create_users.sql:5:1: error: missing `-- +up` section\n"
         "     5 | -- +down\n"
         "       | ^\n"
         "hint: after the header come `-- +up` and the statements that apply the revision, then "
         "`-- +down` and those that revert it\n"},
        {"missing down",
         HEADER "-- +up\nCREATE TABLE t ();\n",
         "20261129_0001_create_users.sql:6:1: error: missing `-- +down` section\n"
         "     6 | \n"
         "       | ^\n"
         "hint: every revision ends with a `-- +down` section that reverts it (it may be empty "
         "when there is nothing to revert)\n"},
        {"unknown marker",
         HEADER "-- +up\nSELECT 1;\n-- +upgrade\nSELECT 2;\n-- +down\n",
         "20261129_0001_create_users.sql:6:1: error: unknown section marker `-- +upgrade`\n"
         "     6 | -- +upgrade\n"
         "       | ^\n"
         "hint: section markers are `-- +up` and `-- +down`, either followed by ` "
         "nontransactional`; other comments must not begin with `-- +`\n"},
        {"unknown marker option",
         HEADER "-- +up concurrently\n-- +down\n",
         "20261129_0001_create_users.sql:4:1: error: unknown section marker `-- +up "
         "concurrently`\n"
         "     4 | -- +up concurrently\n"
         "       | ^\n"
         "hint: section markers are `-- +up` and `-- +down`, either followed by ` "
         "nontransactional`; other comments must not begin with `-- +`\n"
         "20261129_0001_create_users.sql:5:1: error: missing `-- +up` section\n"
         "     5 | -- +down\n"
         "       | ^\n"
         "hint: after the header come `-- +up` and the statements that apply the revision, then "
         "`-- +down` and those that revert it\n"},
        {"up after down",
         HEADER "-- +up\n-- +down\n-- +up\n",
         "20261129_0001_create_users.sql:6:1: error: `-- +up` section after the `-- +down` "
         "section\n"
         "     6 | -- +up\n"
         "       | ^\n"
         "hint: put every up section before the first `-- +down`\n"},
        {"SQL before the up marker",
         HEADER "CREATE TABLE t ();\n-- +up\n-- +down\n",
         "20261129_0001_create_users.sql:4:1: error: SQL before the `-- +up` marker\n"
         "     4 | CREATE TABLE t ();\n"
         "       | ^\n"
         "hint: statements belong after a `-- +up` or `-- +down` marker\n"},
        {"statement runs into a marker",
         HEADER "-- +up\nCREATE TABLE t (\n  id int)\n-- +down\nDROP TABLE t;\n",
         "20261129_0001_create_users.sql:5:1: error: statement is not terminated by `;`\n"
         "     5 | CREATE TABLE t (\n"
         "       | ^\n"
         "hint: end it with `;` before the section marker on line 7\n"},
        {"statement runs into the end",
         HEADER "-- +up\n-- +down\n  DROP TABLE t\n",
         "20261129_0001_create_users.sql:6:3: error: statement is not terminated by `;`\n"
         "     6 |   DROP TABLE t\n"
         "       |   ^\n"
         "hint: end it with `;`\n"},
        {"unterminated string",
         HEADER "-- +up\nINSERT INTO t VALUES ('it's');\n-- +down\n",
         "20261129_0001_create_users.sql:5:28: error: unterminated quoted string `'`\n"
         "     5 | INSERT INTO t VALUES ('it's');\n"
         "       |                            ^\n"
         "hint: everything after it was read as part of it; close it (and check for a stray "
         "quote)\n"},
        {"unterminated dollar quote",
         HEADER "-- +up\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 $$;\n"
                "-- +down\n",
         "20261129_0001_create_users.sql:5:49: error: unterminated dollar-quoted string "
         "`$body$`\n"
         "     5 | CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 $$;\n"
         "       |                                                 ^\n"
         "hint: everything after it was read as part of it; close it (and check for a stray "
         "quote)\n"},
        {"unterminated comment",
         HEADER "-- +up\n/* a /* nested */ comment\n-- +down\n",
         "20261129_0001_create_users.sql:5:1: error: unterminated comment `/*`\n"
         "     5 | /* a /* nested */ comment\n"
         "       | ^\n"
         "hint: everything after it was read as part of it; close it (and check for a stray "
         "quote)\n"},
        {"unterminated identifier",
         HEADER "-- +up\nDROP TABLE \"t;\n-- +down\n",
         "20261129_0001_create_users.sql:5:12: error: unterminated quoted identifier `\"`\n"
         "     5 | DROP TABLE \"t;\n"
         "       |            ^\n"
         "hint: everything after it was read as part of it; close it (and check for a stray "
         "quote)\n"},
        {"transaction control",
         HEADER "-- +up\nCREATE TABLE t ();\n  COMMIT;\n-- +down\n",
         "20261129_0001_create_users.sql:6:3: error: transaction control statement `COMMIT` in a "
         "revision\n"
         "     6 |   COMMIT;\n"
         "       |   ^\n"
         "hint: the runner runs each section in a transaction of its own; split the work into "
         "sections instead (a `nontransactional` section for statements that cannot run in a "
         "transaction)\n"},
        {"concurrent index in a transaction",
         HEADER "-- +up\n-- +down\n/* x */ create unique index concurrently i on t (a);\n",
         "20261129_0001_create_users.sql:6:9: error: `CREATE INDEX CONCURRENTLY` cannot run "
         "inside a transaction\n"
         "     6 | /* x */ create unique index concurrently i on t (a);\n"
         "       |         ^\n"
         "hint: move it to a `-- +down nontransactional` section after this one\n"},
        {"psql meta-command",
         HEADER "-- +up\n\\set ON_ERROR_STOP on\nSELECT 1;\n-- +down\n",
         "20261129_0001_create_users.sql:5:1: error: psql meta-command `\\set` in a revision\n"
         "     5 | \\set ON_ERROR_STOP on\n"
         "       | ^\n"
         "hint: revision files are run by schemac, not psql; write the SQL the meta-command "
         "stands for\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rc;
        char *got = parse("20261129_0001_create_users.sql", cases[i].text, &rc);
        if (rc != -1 || strcmp(got, cases[i].want) != 0)
            fprintf(stderr, "case: %s\n", cases[i].name);
        CHECK_INT(rc, -1);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
}

/* A NUL byte would cut a statement short where the file goes on; it is an
 * error at its position (found by fuzz_revision). */
static void test_nul_byte_is_an_error(void)
{
    static const char text[] = HEADER "-- +up\nALTER TABLE t DROP CONSTRAINT c\0;\n-- +down\n";
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "20261129_0001_create_users.sql", text, sizeof text - 1, &r, &d),
              -1);
    char *got = render(&d);
    CHECK_STR(got, "20261129_0001_create_users.sql:5:32: error: the file holds a NUL byte\n"
                   "     5 | ALTER TABLE t DROP CONSTRAINT c\n"
                   "       |                                ^\n"
                   "hint: a revision file is SQL text; remove the byte (an editor or a "
                   "conversion from UTF-16 may have written it)\n");
    free(got);
    diag_free(&d);
    arena_free(&a);
}

static void test_slugs(void)
{
    static const struct {
        const char *message, *slug;
    } cases[] = {
        {"create users", "create_users"},
        {"  Add posts.subtitle (nullable)!  ", "add_posts_subtitle_nullable"},
        {"Ünïcode — only", "n_code_only"},
        {"!!!", "revision"},
        {"a very long message that goes on and on well past the limit",
         "a_very_long_message_that_goes_on_and_on"},
        {"0123456789012345678901234567890123456789 x", "0123456789012345678901234567890123456789"},
        {"012345678901234567890123456789012345678 x", "012345678901234567890123456789012345678"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf b = BUF_INIT;
        revision_slug(cases[i].message, &b);
        CHECK_STR(buf_cstr(&b), cases[i].slug);
        CHECK(b.len <= REVISION_SLUG_MAX);
        buf_free(&b);
    }
}

static void test_new_ids_count_within_the_utc_day(void)
{
    arena a = ARENA_INIT;
    time_t t = 1795984200; /* 2026-11-29 20:30:00 UTC */
    CHECK_STR(revision_new_id(&a, t, "create users", NULL, 0), "20261129_0001_create_users");
    const char *ids[] = {"20261128_0007_old", "20261129_0001_a", "20261129_0012_b", "junk"};
    CHECK_STR(revision_new_id(&a, t, "Add posts", ids, 4), "20261129_0013_add_posts");
    CHECK(revision_id_valid(revision_new_id(&a, t, "x", ids, 4)));
    const char *full[] = {"20261129_9999_z"};
    CHECK(revision_new_id(&a, t, "x", full, 1) == NULL);
    arena_free(&a);
}

static time_t clock_for(const char *value, int *err)
{
    diag d;
    diag_init(&d);
    time_t t = (time_t)-1;
    if (value)
        setenv("SCHEMAC_NOW", value, 1);
    else
        unsetenv("SCHEMAC_NOW");
    *err = revision_clock(&t, &d);
    diag_free(&d);
    return t;
}

static void test_clock_is_injected_by_schemac_now(void)
{
    int err;
    CHECK(clock_for("2026-11-29", &err) == 1795910400 && err == 0);
    CHECK(clock_for("2028-02-29", &err) == 1835395200 && err == 0);
    CHECK(clock_for("1795984200", &err) == 1795984200 && err == 0);
    CHECK(clock_for("0", &err) == 0 && err == 0);
    arena a = ARENA_INIT;
    CHECK_STR(revision_new_id(&a, clock_for("2031-01-01", &err), "x", NULL, 0),
              "20310101_0001_x");
    arena_free(&a);
    const char *bad[] = {"2026-13-01", "2027-02-29", "2026-11-31", "2026-1-1", "tomorrow",
                         "12x", "-5", "2026-11-29T00:00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clock_for(bad[i], &err);
        CHECK(err < 0);
    }
    /* Unset, it is the wall clock: a value no earlier than one read before. */
    time_t before = time(NULL);
    CHECK(clock_for(NULL, &err) >= before && err == 0);
    clock_for("", &err);
    CHECK(err == 0);
    unsetenv("SCHEMAC_NOW");
}

static void test_id_validity(void)
{
    CHECK(revision_id_valid("20261129_0001_create_users"));
    CHECK(!revision_id_valid("20261129_0001_"));
    CHECK(!revision_id_valid("20261129_001_x"));
    CHECK(!revision_id_valid("20261129_0001_Create"));
    CHECK(!revision_id_valid("2026112_0001_x"));
    CHECK(!revision_id_valid(""));
}

static void test_written_header_is_one_line_each_and_parses_back(void)
{
    buf b = BUF_INIT;
    revision_write_header(&b, "20261129_0002_x", "20261129_0001_create_users",
                          "  two\nlines\tand a tab  ");
    revision_write_marker(&b, REVISION_UP, true);
    buf_puts(&b, "SELECT 1;\n");
    revision_write_marker(&b, REVISION_UP, false);
    buf_puts(&b, "VACUUM;\n");
    revision_write_marker(&b, REVISION_DOWN, true);
    CHECK_STR(buf_cstr(&b), "-- schemac revision: 20261129_0002_x\n"
                            "-- parent: 20261129_0001_create_users\n"
                            "-- message: two lines and a tab\n"
                            "-- +up\n"
                            "SELECT 1;\n"
                            "-- +up nontransactional\n"
                            "VACUUM;\n"
                            "-- +down\n");
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    CHECK_INT(revision_parse(&a, "dir/20261129_0002_x.sql", b.data, b.len, &r, &d), 0);
    CHECK_STR(r.message, "two lines and a tab");
    CHECK_INT(r.nup, 2);
    diag_free(&d);
    arena_free(&a);
    buf_free(&b);
}

int main(void)
{
    test_parses_header_sections_and_steps();
    test_markers_inside_quotes_are_text();
    test_empty_sections_make_no_steps();
    test_byte_order_mark_and_crlf();
    test_splits_sql_like_psql();
    test_bad_files_exact_diagnostics();
    test_nul_byte_is_an_error();
    test_slugs();
    test_new_ids_count_within_the_utc_day();
    test_clock_is_injected_by_schemac_now();
    test_id_validity();
    test_written_header_is_one_line_each_and_parses_back();
    return check_report();
}
