/* Tests for history: chaining a migrations directory and every way it can
 * be wrong (branch, missing parent, two first revisions, cycle), the
 * integrity file (edited file, missing or extra revision, wrong total), and
 * the snapshot at the head. Each error is checked word for word. */
#define _XOPEN_SOURCE 700 /* nftw */

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "history.h"
#include "load.h"
#include "output.h"
#include "validate.h"

static char *render(diag *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_render(d, f, false);
    fclose(f);
    return text;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* The previous test's directory, removed when the next starts or at exit. */
static char scratch[64];

static void remove_scratch(void)
{
    if (*scratch && chdir("/") == 0)
        nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    *scratch = '\0';
}

/* A fresh directory `m` inside a fresh temporary directory (the cwd). */
static void fresh_dir(void)
{
    static bool registered;
    if (!registered)
        atexit(remove_scratch);
    registered = true;
    remove_scratch();
    strcpy(scratch, "/tmp/schemac-history-XXXXXX");
    if (!mkdtemp(scratch) || chdir(scratch) != 0 || mkdir("m", 0755) != 0) {
        perror("fresh_dir");
        exit(1);
    }
}

static void write_rev(const char *id, const char *parent, const char *body)
{
    buf b = BUF_INIT, path = BUF_INIT;
    revision_write_header(&b, id, parent, id + 14);
    buf_puts(&b, body ? body : "-- +up\nSELECT 1;\n-- +down\nSELECT 2;\n");
    buf_printf(&path, "m/%s.sql", id);
    write_file(buf_cstr(&path), buf_cstr(&b));
    buf_free(&b);
    buf_free(&path);
}

/* Writes m/schemac.sum for whatever is in m now. */
static void hash_dir(void)
{
    diag d;
    diag_init(&d);
    history h;
    CHECK_INT(history_load(&h, "m", HISTORY_NO_CHAIN, &d), 0);
    buf b = BUF_INIT;
    history_format_sum(&h, NULL, &b);
    write_file("m/schemac.sum", buf_cstr(&b));
    buf_free(&b);
    history_free(&h);
    diag_free(&d);
}

/* Loads m with the sum check; returns rendered diagnostics, rc in *rc. */
static char *load(int *rc)
{
    diag d;
    diag_init(&d);
    history h;
    *rc = history_load(&h, "m", HISTORY_VERIFY_SUM, &d);
    char *out = render(&d);
    history_free(&h);
    diag_free(&d);
    return out;
}

static void test_chains_by_parent_not_by_name(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0003_second", "20261129_0001_base", NULL);
    write_rev("20261129_0002_third", "20261129_0003_second", NULL);
    hash_dir();
    diag d;
    diag_init(&d);
    history h;
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    CHECK_INT(d.count, 0);
    CHECK_INT(h.n, 3);
    CHECK_STR(h.revs[0]->id, "20261129_0001_base");
    CHECK_STR(h.revs[1]->id, "20261129_0003_second");
    CHECK_STR(h.revs[2]->id, "20261129_0002_third");
    CHECK_STR(history_head(&h)->id, "20261129_0002_third");
    CHECK_INT(history_index(&h, "20261129_0003_second"), 1);
    CHECK_INT(history_index(&h, "20261129_0009_none"), -1);
    CHECK(history_find(&h, "20261129_0001_base") == h.revs[0]);
    CHECK_STR(history_path(&h, "x.sql"), "m/x.sql");
    history_free(&h);
    diag_free(&d);
}

static void test_empty_and_missing_directories(void)
{
    fresh_dir();
    diag d;
    diag_init(&d);
    history h;
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    CHECK_INT(h.n, 0);
    CHECK(history_head(&h) == NULL);
    history_free(&h);
    CHECK_INT(history_load(&h, "nope", HISTORY_MISSING_OK, &d), 0);
    history_free(&h);
    CHECK_INT(d.count, 0);
    CHECK_INT(history_load(&h, "nope", 0, &d), -1);
    char *out = render(&d);
    CHECK_STR(out, "nope: error: cannot open migrations directory: No such file or directory\n"
                   "hint: create revisions with `schemac migrate new`, or name the directory "
                   "with --dir\n");
    free(out);
    history_free(&h);
    diag_free(&d);
}

static void test_branch_names_both_files(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0002_add_posts", "20261129_0001_base", NULL);
    write_rev("20261129_0003_more_posts", "20261129_0002_add_posts", NULL);
    write_rev("20261129_0002_add_tags", "20261129_0001_base", NULL);
    hash_dir(); /* the sum is fine; the chain is not */
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out,
              "m/20261129_0002_add_tags.sql:2:12: error: branch: 20261129_0002_add_posts.sql and "
              "20261129_0002_add_tags.sql both follow 20261129_0001_base\n"
              "     2 | -- parent: 20261129_0001_base\n"
              "       |            ^\n"
              "hint: re-create the newer one with `schemac migrate new` after deleting it, or set "
              "its parent to 20261129_0003_more_posts\n"
              "m/20261129_0002_add_posts.sql:2:12: note: 20261129_0002_add_posts also follows "
              "20261129_0001_base\n"
              "     2 | -- parent: 20261129_0001_base\n"
              "       |            ^\n");
    free(out);
}

static void test_missing_parent(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0003_next", "20261129_0002_gone", NULL);
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    /* The sum file is missing too; both are reported. */
    CHECK_STR(out, "m/20261129_0003_next.sql:2:12: error: parent revision 20261129_0002_gone "
                   "does not exist in m\n"
                   "     2 | -- parent: 20261129_0002_gone\n"
                   "       |            ^\n"
                   "hint: restore 20261129_0002_gone.sql (from version control), or set the parent "
                   "to an existing revision\n"
                   "m/schemac.sum: error: missing integrity file\n"
                   "hint: it is written by `schemac migrate new`; after checking the revisions, run "
                   "`schemac migrate hash --dir m` to create it\n");
    free(out);
}

static void test_two_first_revisions(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0002_next", "20261129_0001_base", NULL);
    write_rev("20261130_0001_other_base", NULL, NULL);
    hash_dir();
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out, "m/20261130_0001_other_base.sql:2:12: error: two first revisions: "
                   "20261129_0001_base.sql and 20261130_0001_other_base.sql both have `-- parent: "
                   "none`\n"
                   "     2 | -- parent: none\n"
                   "       |            ^\n"
                   "hint: delete the newer one (20261130_0001_other_base.sql) and re-create it with "
                   "`schemac migrate new`, or set its parent to 20261129_0002_next, the head of "
                   "the other line\n");
    free(out);
}

static void test_cycle(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0002_a", "20261129_0003_b", NULL);
    write_rev("20261129_0003_b", "20261129_0002_a", NULL);
    hash_dir();
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out, "m/20261129_0002_a.sql:2:12: error: revisions form a cycle: 20261129_0002_a -> "
                   "20261129_0003_b -> 20261129_0002_a\n"
                   "     2 | -- parent: 20261129_0003_b\n"
                   "       |            ^\n"
                   "hint: each revision's parent must come before it; set the parent of the first "
                   "revision of the cycle to the head of the history\n");
    free(out);
}

static void test_edited_file(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0002_next", "20261129_0001_base", NULL);
    hash_dir();
    write_rev("20261129_0002_next", "20261129_0001_base", "-- +up\nSELECT 42;\n-- +down\n");
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    char *sum = strstr(out, "its checksum is ");
    CHECK(sum != NULL);
    /* Checksums vary with the text; compare around them. */
    CHECK(!strncmp(out, "m/20261129_0002_next.sql: error: revision file was edited after it was "
                        "created: its checksum is ",
                   strlen("m/20261129_0002_next.sql: error: revision file was edited after it was "
                          "created: its checksum is ")));
    CHECK(strstr(out, "..., schemac.sum records ") != NULL);
    CHECK(strstr(out, "\nhint: revert the edit (for instance `git checkout -- "
                      "m/20261129_0002_next.sql`); if the edit is deliberate, run `schemac migrate "
                      "hash --dir m`. A revision already applied to a database must not change: "
                      "write a new one instead\n") != NULL);
    free(out);
    /* Re-hashing accepts the edit. */
    hash_dir();
    out = load(&rc);
    CHECK_INT(rc, 0);
    CHECK_STR(out, "");
    free(out);
}

static void test_revision_missing_from_sum_and_extra_in_sum(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    write_rev("20261129_0002_next", "20261129_0001_base", NULL);
    hash_dir();
    write_rev("20261129_0003_unrecorded", "20261129_0002_next", NULL);
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out, "m/20261129_0003_unrecorded.sql: error: revision 20261129_0003_unrecorded is "
                   "not recorded in schemac.sum\n"
                   "hint: revisions are recorded by `schemac migrate new`; if this file was "
                   "written by hand on purpose (or `migrate new` was interrupted), run `schemac "
                   "migrate hash --dir m`; otherwise delete it\n");
    free(out);
    unlink("m/20261129_0003_unrecorded.sql");
    unlink("m/20261129_0002_next.sql");
    out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK(!strncmp(out, "m/schemac.sum:5:1: error: schemac.sum lists revision 20261129_0002_next "
                        "but 20261129_0002_next.sql does not exist\n"
                        "     5 | 20261129_0002_next ", 117));
    CHECK(strstr(out, "\n       | ^\n"
                   "hint: restore the file (from version control); if it was deleted on purpose "
                   "and never applied anywhere, run `schemac migrate hash --dir m`\n"));
    free(out);
}

static void test_total_and_malformed_lines(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    hash_dir();
    size_t len;
    char *sum = load_read_file("m/schemac.sum", &len);
    /* A merge that kept both sides' lines but one total. */
    char *total = strstr(sum, "\ntotal ") + 1;
    buf edited = BUF_INIT;
    buf_add(&edited, sum, (size_t)(total - sum));
    buf_puts(&edited, "total 0000000000000000000000000000000000000000000000000000000000000000\n");
    write_file("m/schemac.sum", buf_cstr(&edited));
    int rc;
    char *out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out, "m/schemac.sum:5:1: error: the total does not match the lines above it (the "
                   "file was edited or merged by hand)\n"
                   "     5 | total "
                   "0000000000000000000000000000000000000000000000000000000000000000\n"
                   "       | ^\n"
                   "hint: check the revisions (`schemac migrate status`), then run `schemac "
                   "migrate hash --dir m` to rewrite it\n");
    free(out);
    write_file("m/schemac.sum", "20261129_0001_base abc\n");
    out = load(&rc);
    CHECK_INT(rc, -1);
    CHECK_STR(out, "m/schemac.sum:1:1: error: malformed line\n"
                   "     1 | 20261129_0001_base abc\n"
                   "       | ^\n"
                   "hint: lines are `REVISION_ID SHA256` and a final `total SHA256`; run `schemac "
                   "migrate hash --dir m` to rewrite the file\n");
    free(out);
    buf_free(&edited);
    free(sum);
}

static ir_schema *schema_from(const char *yaml)
{
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "v.yaml", yaml, strlen(yaml), &d);
    CHECK(s && validate_schema(s, &d) == 0);
    diag_free(&d);
    return s;
}

static void test_snapshot_round_trip_and_head_check(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    hash_dir();
    ir_schema *s = schema_from("schemac: 1\nname: shop\ntables:\n  items:\n    columns:\n"
                               "      id: { type: bigint, primary_key: true }\n");
    buf b = BUF_INIT;
    history_format_snapshot(s, "20261129_0001_base", &b);
    CHECK(!strncmp(buf_cstr(&b), "# schemac snapshot at revision 20261129_0001_base\n", 50));
    write_file("m/schema.snapshot.yaml", buf_cstr(&b));

    diag d;
    diag_init(&d);
    history h;
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    int err;
    ir_schema *snap = history_load_snapshot(&h, &err, &d);
    CHECK(snap != NULL);
    CHECK_INT(err, 0);
    CHECK_STR(snap->name, "shop");
    CHECK_INT(snap->ntables, 1);
    ir_schema_free(snap);
    history_free(&h);

    /* A new revision without its snapshot: the snapshot is behind. */
    write_rev("20261129_0002_next", "20261129_0001_base", NULL);
    hash_dir();
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    CHECK(history_load_snapshot(&h, &err, &d) == NULL);
    CHECK_INT(err, -1);
    char *out = render(&d);
    CHECK_STR(out, "m/schema.snapshot.yaml:1:32: error: the snapshot is at revision "
                   "20261129_0001_base but the head revision is 20261129_0002_next\n"
                   "     1 | # schemac snapshot at revision 20261129_0001_base\n"
                   "       |                                ^\n"
                   "hint: the snapshot must be the one `migrate new` wrote with "
                   "20261129_0002_next; restore it from version control (when resolving a merge, "
                   "take the side that has the head revision)\n");
    free(out);
    history_free(&h);
    diag_free(&d);

    /* No snapshot at all. */
    unlink("m/schema.snapshot.yaml");
    diag_init(&d);
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    CHECK(history_load_snapshot(&h, &err, &d) == NULL);
    CHECK_INT(err, -1);
    out = render(&d);
    CHECK_STR(out, "m/schema.snapshot.yaml: error: missing snapshot of the schema at revision "
                   "20261129_0002_next\n"
                   "hint: `schemac migrate new` writes it beside every revision; restore it from "
                   "version control\n");
    free(out);
    history_free(&h);
    diag_free(&d);
    ir_schema_free(s);
    buf_free(&b);
}

/* A snapshot whose text has errors that load reports but survives (an
 * unknown key, a column without a type) is refused: `migrate new` once
 * planned against it, wrote a revision and exited 0 (found by
 * fuzz_history). */
static void test_snapshot_with_load_errors_is_refused(void)
{
    fresh_dir();
    write_rev("20261129_0001_base", NULL, NULL);
    hash_dir();
    write_file("m/schema.snapshot.yaml",
               "# schemac snapshot at revision 20261129_0001_base\n"
               "schemac: 1\nname: shop\ntables:\n  items:\n    columns:\n"
               "      id: { type: bigint, primary_key: true }\n"
               "      score: { type:i bigint }\n");
    diag d;
    diag_init(&d);
    history h;
    CHECK_INT(history_load(&h, "m", HISTORY_VERIFY_SUM, &d), 0);
    int err;
    CHECK(history_load_snapshot(&h, &err, &d) == NULL);
    CHECK_INT(err, -1);
    CHECK_INT(d.errors, 2);
    char *out = render(&d);
    CHECK(strstr(out, "m/schema.snapshot.yaml:8:7: error: column `score` has no `type`\n"));
    CHECK(strstr(out, "m/schema.snapshot.yaml:8:16: error: unknown key `type:i bigint` in a "
                      "column\n"));
    free(out);
    history_free(&h);
    diag_free(&d);
}

int main(void)
{
    test_chains_by_parent_not_by_name();
    test_empty_and_missing_directories();
    test_branch_names_both_files();
    test_missing_parent();
    test_two_first_revisions();
    test_cycle();
    test_edited_file();
    test_revision_missing_from_sum_and_extra_in_sum();
    test_total_and_malformed_lines();
    test_snapshot_round_trip_and_head_check();
    test_snapshot_with_load_errors_is_refused();
    return check_report();
}
