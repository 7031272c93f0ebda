/* `schemac migrate new` end to end against PostgreSQL: revisions made from
 * YAML versions, applied, reverted and applied again, each time leaving the
 * database exactly as `schemac sql` would create that version (compared
 * with catalog.sql); unchanged YAML writes nothing; destructive changes are
 * refused and write nothing; a revision edited after `new` stops the next
 * `new`; --concurrent-indexes and enum values get sections of their own.
 *
 * usage: test_migrate_new SCHEMAC CATALOG_SQL */
#include <dirent.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "load.h"
#include "migrate_test.h"
#include "revision.h"

static const char *catalog_sql;

static const char v1[] = "schemac: 1\n"
                         "name: blog\n"
                         "enums:\n"
                         "  post_status: [draft, published]\n"
                         "tables:\n"
                         "  users:\n"
                         "    timestamps: true\n"
                         "    columns:\n"
                         "      id: { type: bigint, identity: true, primary_key: true }\n"
                         "      email: { type: varchar(255), unique: true }\n"
                         "      bio: { type: text, nullable: true }\n";

static const char v2[] = "schemac: 1\n"
                         "name: blog\n"
                         "enums:\n"
                         "  post_status: [draft, published]\n"
                         "tables:\n"
                         "  users:\n"
                         "    timestamps: true\n"
                         "    columns:\n"
                         "      id: { type: bigint, identity: true, primary_key: true }\n"
                         "      email: { type: varchar(255), unique: true }\n"
                         "      bio: { type: text, nullable: true }\n"
                         "      nickname: { type: text, nullable: true }\n"
                         "  posts:\n"
                         "    comment: What users write.\n"
                         "    columns:\n"
                         "      id: { type: bigserial, primary_key: true }\n"
                         "      author_id: { type: bigint, references: users.id, on_delete: cascade }\n"
                         "      status: { type: post_status, default: draft }\n"
                         "      title: text\n"
                         "    indexes:\n"
                         "      - columns: [title]\n";

/* Drops users.bio (destructive), adds an enum value a new table uses at
 * once, and indexes an existing table. */
static const char v3[] = "schemac: 1\n"
                         "name: blog\n"
                         "enums:\n"
                         "  post_status: [draft, published, archived]\n"
                         "tables:\n"
                         "  users:\n"
                         "    timestamps: true\n"
                         "    columns:\n"
                         "      id: { type: bigint, identity: true, primary_key: true }\n"
                         "      email: { type: varchar(255), unique: true }\n"
                         "      nickname: { type: text, nullable: true }\n"
                         "    indexes:\n"
                         "      - columns: [nickname]\n"
                         "  posts:\n"
                         "    comment: What users write.\n"
                         "    columns:\n"
                         "      id: { type: bigserial, primary_key: true }\n"
                         "      author_id: { type: bigint, references: users.id, on_delete: cascade }\n"
                         "      status: { type: post_status, default: draft }\n"
                         "      title: text\n"
                         "    indexes:\n"
                         "      - columns: [title]\n"
                         "  archive:\n"
                         "    columns:\n"
                         "      id: { type: bigint, primary_key: true }\n"
                         "      status: { type: post_status, default: archived }\n";

static char *sibling(const char *m, const char *name)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s/../%s", m, name);
    return buf_detach(&b);
}

/* The catalog lines of a database. */
static char *catalog(PGconn *c)
{
    size_t len;
    char *sql = load_read_file(catalog_sql, &len);
    PGresult *res = PQexec(c, sql);
    free(sql);
    buf out = BUF_INIT;
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        buf_printf(&out, "catalog query failed: %s", PQresultErrorMessage(res));
    for (int i = 0; i < PQntuples(res); i++)
        buf_printf(&out, "%s\n", PQgetvalue(res, i, 0));
    PQclear(res);
    return buf_detach(&out);
}

/* The catalog of a fresh database made by `schemac sql yaml`. */
static char *fresh_catalog(const char *yaml)
{
    mt_proc p = mt_schemac("sql", yaml, NULL);
    CHECK_INT(p.status, 0);
    mt_testdb db = mt_testdb_create();
    CHECK_INT(pgtest_exec(db.conn, p.out), 0);
    char *cat = catalog(db.conn);
    mt_testdb_drop(&db);
    mt_proc_free(&p);
    return cat;
}

/* Names and contents of every file in dir, to prove nothing was written. */
static char *dir_state(const char *dir)
{
    buf out = BUF_INIT;
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            buf path = BUF_INIT;
            buf_printf(&path, "%s/%s", dir, names[i]->d_name);
            size_t len;
            char *text = load_read_file(buf_cstr(&path), &len);
            buf_printf(&out, "== %s\n%s", names[i]->d_name, text ? text : "");
            free(text);
            buf_free(&path);
        }
        free(names[i]);
    }
    free(names);
    return buf_detach(&out);
}

static int count_revisions(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort), revisions = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        revisions += len > 4 && !strcmp(names[i]->d_name + len - 4, ".sql");
        free(names[i]);
    }
    free(names);
    return revisions;
}

/* The path of the newest revision (the one `new` just printed). */
static char *created_path(const char *out)
{
    const char *p = strstr(out, "created ");
    if (!p)
        return calloc(1, 1);
    p += 8;
    size_t n = strcspn(p, "\n");
    char *path = malloc(n + 1);
    memcpy(path, p, n);
    path[n] = '\0';
    return path;
}

static void check_catalog(PGconn *c, const char *want, const char *what)
{
    char *got = catalog(c);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "catalog differs %s\n", what);
    CHECK_STR(got, want);
    free(got);
}

static void test_new_up_down_up_matches_fresh_databases(void)
{
    char *m = mt_fresh_migrations();
    char *y1 = sibling(m, "v1.yaml"), *y2 = sibling(m, "v2.yaml"), *y3 = sibling(m, "v3.yaml");
    mt_write_text(y1, v1);
    mt_write_text(y2, v2);
    mt_write_text(y3, v3);
    char *cat1 = fresh_catalog(y1), *cat2 = fresh_catalog(y2), *cat3 = fresh_catalog(y3);
    mt_testdb db = mt_testdb_create();

    /* v1: the first revision, created from nothing. */
    mt_proc p = mt_schemac("migrate", "new", "-m", "create users", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "created "));
    char *r1 = created_path(p.out);
    mt_proc_free(&p);
    size_t len;
    char *text = load_read_file(r1, &len);
    CHECK(mt_contains(text, "-- parent: none\n-- message: create users\n\n-- +up\nCREATE TYPE "
                         "post_status AS ENUM ('draft', 'published');\n"));
    CHECK(mt_contains(text, "\n-- +down\n-- hazard: drop_table: drops table users\nDROP TABLE users;"));
    free(text);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    check_catalog(db.conn, cat1, "after up to v1");

    /* Unchanged YAML: no file, nothing touched. */
    char *before = dir_state(m);
    p = mt_schemac("migrate", "new", "-m", "nothing", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "no changes: the schema files match the snapshot at revision "));
    mt_proc_free(&p);
    char *after = dir_state(m);
    CHECK_STR(after, before);
    free(before);
    free(after);

    /* v2: additions only. */
    p = mt_schemac("migrate", "new", "-m", "Add posts & nicknames", "--dir", m, y2, NULL);
    CHECK_INT(p.status, 0);
    char *r2 = created_path(p.out);
    CHECK(mt_contains(r2, "_0002_add_posts_nicknames.sql"));
    mt_proc_free(&p);
    /* The snapshot is v2 exactly: nothing left to change. */
    p = mt_schemac("migrate", "new", "-m", "again", "--dir", m, y2, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "no changes: the schema files match the snapshot at revision "));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    check_catalog(db.conn, cat2, "after up to v2");
    pgtest_exec(db.conn, "INSERT INTO users (email) VALUES ('a@example.com');"
                         "INSERT INTO posts (author_id, title) SELECT id, 'hello' FROM users;");

    /* down: back to v1 exactly; up: v2 again. */
    p = mt_schemac("migrate", "down", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    check_catalog(db.conn, cat1, "after down to v1");
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM users"), 1);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    check_catalog(db.conn, cat2, "after down and up to v2");

    /* v3 drops a column: refused, and nothing is written. */
    before = dir_state(m);
    p = mt_schemac("migrate", "new", "-m", "archive", "--concurrent-indexes", "--dir", m, y3, NULL);
    CHECK_INT(p.status, 1);
    CHECK_STR(p.err, "schemac: error: refusing to write a revision that destroys data; nothing "
                     "was written\n"
                     "hint: review the changes; pass --allow-destructive to write the revision "
                     "anyway\n"
                     "schemac: note: hazard: drop_column: drops column users.bio\n");
    mt_proc_free(&p);
    after = dir_state(m);
    CHECK_STR(after, before);
    free(before);
    free(after);
    p = mt_schemac("migrate", "new", "-m", "archive", "--concurrent-indexes", "--allow-destructive",
                "--dir", m, y3, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "  hazard: drop_column: drops column users.bio\n"));
    char *r3 = created_path(p.out);
    mt_proc_free(&p);
    text = load_read_file(r3, &len);
    /* The new enum value commits before the new table's default uses it;
     * the index on the existing table is built concurrently, outside. */
    CHECK(mt_contains(text, "-- +up\n-- hazard: enum_value_in_transaction: the default of "
                         "archive.status uses new value archived of enum post_status\n"
                         "ALTER TYPE post_status ADD VALUE 'archived';\n-- the enum "
                         "values added above commit before the statements below use them\n-- "
                         "+up\nCREATE TABLE archive ("));
    CHECK(mt_contains(text, "\n-- +up nontransactional\nCREATE INDEX CONCURRENTLY users_nickname_idx "
                         "ON users (nickname);\n-- +up\n"));
    free(text);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "outside a transaction: CREATE INDEX CONCURRENTLY users_nickname_idx"));
    mt_proc_free(&p);
    check_catalog(db.conn, cat3, "after up to v3");
    CHECK_STR(mt_value(db.conn, "SELECT string_agg(steps_done || '/' || steps_total, ',' ORDER BY "
                             "revision) FROM schemac_migrations"),
              "1/1,1/1,4/4");

    /* A revision edited after `new` stops the next `new` until hashed. */
    text = load_read_file(r3, &len);
    buf edited = BUF_INIT;
    buf_printf(&edited, "%s-- a note\n", text);
    mt_write_text(r3, buf_cstr(&edited));
    before = dir_state(m);
    p = mt_schemac("migrate", "new", "-m", "empty", "--empty", "--dir", m, y3, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, ": error: revision file was edited after it was created: its checksum "
                          "is "));
    mt_proc_free(&p);
    after = dir_state(m);
    CHECK_STR(after, before);
    free(before);
    free(after);
    mt_write_text(r3, text); /* reverted */
    free(text);
    buf_free(&edited);

    /* --empty: a revision to fill in by hand; the snapshot stays v3. */
    p = mt_schemac("migrate", "new", "-m", "backfill nicknames", "--empty", "--dir", m, y3, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "fill in its sections, then run `schemac migrate hash --dir "));
    char *r4 = created_path(p.out);
    mt_proc_free(&p);
    text = load_read_file(r4, &len);
    CHECK(mt_contains(text, "\n-- +up\n-- write the statements that apply the revision here\n\n-- "
                         "+down\n-- write the statements that revert it here\n"));
    free(text);
    p = mt_schemac("migrate", "new", "-m", "again", "--dir", m, y3, NULL);
    CHECK(mt_contains(p.out, "no changes: the schema files match the snapshot at revision "));
    mt_proc_free(&p);
    CHECK_INT(count_revisions(m), 4);

    free(r1);
    free(r2);
    free(r3);
    free(r4);
    free(cat1);
    free(cat2);
    free(cat3);
    free(y1);
    free(y2);
    free(y3);
    free(m);
    mt_testdb_drop(&db);
}

/* Turning soft_delete off is refused as the data change it is, and once
 * allowed, migrating up says how many soft-deleted rows became live. */
static void test_soft_delete_off_is_refused_then_counts_revived_rows(void)
{
    char *m = mt_fresh_migrations();
    char *on = sibling(m, "on.yaml"), *off = sibling(m, "off.yaml");
    mt_write_text(on, "schemac: 1\nname: blog\ntables:\n  posts:\n    soft_delete: true\n"
                      "    columns:\n      id: { type: integer, primary_key: true }\n");
    mt_write_text(off, "schemac: 1\nname: blog\ntables:\n  posts:\n"
                       "    columns:\n      id: { type: integer, primary_key: true }\n");
    mt_testdb db = mt_testdb_create();
    mt_proc p = mt_schemac("migrate", "new", "-m", "posts", "--dir", m, on, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    pgtest_exec(db.conn, "INSERT INTO posts (id, deleted_at) VALUES (1, NULL), (2, now()), "
                         "(3, now() - interval '1 day');");
    p = mt_schemac("migrate", "new", "-m", "no soft delete", "--dir", m, off, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: note: hazard: revive_soft_deleted: soft-deleted rows of "
                             "posts become live again (the migration reports how many)\n"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "-m", "no soft delete", "--allow-destructive", "--dir", m,
                   off, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.err, "NOTICE:  2 soft-deleted rows of posts become live again\n"));
    mt_proc_free(&p);
    CHECK_INT(mt_count(db.conn, "SELECT count(*) FROM posts"), 3);
    mt_testdb_drop(&db);
    free(on);
    free(off);
    free(m);
}

static void test_new_refuses_bad_arguments_and_other_schemas(void)
{
    char *m = mt_fresh_migrations();
    char *y1 = sibling(m, "v1.yaml"), *other = sibling(m, "other.yaml");
    mt_write_text(y1, v1);
    mt_write_text(other, "schemac: 1\nname: shop\ntables:\n  items:\n    columns:\n      id: { "
                      "type: bigint, primary_key: true }\n");
    mt_proc p = mt_schemac("migrate", "new", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 2);
    CHECK(mt_contains(p.err, "a message is required (-m \"...\")"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "-m", "x", "--dir", m, NULL);
    CHECK_INT(p.status, 2);
    CHECK(mt_contains(p.err, "no schema files given"));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "-m", "first", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "-m", "shop", "--dir", m, other, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "error: the schema files are for schema shop, but the migrations in "));
    mt_proc_free(&p);
    /* A directory that does not exist yet is made. */
    char *deep = sibling(m, "a/b/migrations");
    p = mt_schemac("migrate", "new", "-m", "first", "--dir", deep, y1, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    CHECK_INT(count_revisions(deep), 1);
    free(deep);
    free(y1);
    free(other);
    free(m);
}

/* `migrate new --check` and `diff --exit-code` gate CI: exit 1 while the
 * schema files hold changes no revision has. */
static void test_check_and_exit_code_fail_on_unrecorded_changes(void)
{
    char *m = mt_fresh_migrations();
    char *y1 = sibling(m, "v1.yaml"), *y2 = sibling(m, "v2.yaml");
    mt_write_text(y1, v1);
    mt_write_text(y2, v2);
    mt_proc p = mt_schemac("migrate", "new", "--check", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "error: the schema files have changes that no revision in "));
    CHECK(mt_contains(p.err, "hint: write a revision for them: schemac migrate new -m MESSAGE"));
    CHECK_INT(count_revisions(m), 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "-m", "first", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    char *before = dir_state(m);
    p = mt_schemac("migrate", "new", "--check", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "no changes: the schema files match the snapshot at revision "));
    mt_proc_free(&p);
    p = mt_schemac("migrate", "new", "--check", "--dir", m, y2, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "schemac: note: CREATE TABLE posts"));
    mt_proc_free(&p);
    char *after = dir_state(m);
    CHECK_STR(after, before);
    p = mt_schemac("migrate", "new", "--check", "-m", "x", "--dir", m, y2, NULL);
    CHECK_INT(p.status, 2);
    mt_proc_free(&p);
    p = mt_schemac("diff", "--exit-code", "--from", y1, "--to", y2, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.out, "CREATE TABLE posts"));
    mt_proc_free(&p);
    p = mt_schemac("diff", "--exit-code", "--from", y1, "--to", y1, NULL);
    CHECK_INT(p.status, 0);
    CHECK_STR(p.out, "");
    mt_proc_free(&p);
    p = mt_schemac("diff", "--from", y1, "--to", y2, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    free(before);
    free(after);
    free(y1);
    free(y2);
    free(m);
}

static const char keys_v1[] = "schemac: 1\n"
                              "name: shop\n"
                              "tables:\n"
                              "  accounts:\n"
                              "    columns:\n"
                              "      id: { type: integer, primary_key: true }\n"
                              "      email: text\n"
                              "  orders:\n"
                              "    columns:\n"
                              "      id: { type: integer, primary_key: true }\n"
                              "      account_id: { type: integer, references: accounts.id }\n";

/* email becomes the primary key; orders still reference id, now unique. */
static const char keys_v2[] = "schemac: 1\n"
                              "name: shop\n"
                              "tables:\n"
                              "  accounts:\n"
                              "    columns:\n"
                              "      id: { type: integer, unique: true }\n"
                              "      email: { type: text, primary_key: true }\n"
                              "  orders:\n"
                              "    columns:\n"
                              "      id: { type: integer, primary_key: true }\n"
                              "      account_id: { type: integer, references: accounts.id }\n";

/* --concurrent-indexes swaps keys: the new key's build failing on a
 * duplicate leaves the old primary key and the foreign keys on it; with
 * the data fixed, the next up builds again and swaps. */
static void test_concurrent_key_swap_keeps_old_keys_until_the_new_one_is_valid(void)
{
    mt_testdb db = mt_testdb_create();
    char *m = mt_fresh_migrations();
    char *y1 = sibling(m, "k1.yaml"), *y2 = sibling(m, "k2.yaml");
    mt_write_text(y1, keys_v1);
    mt_write_text(y2, keys_v2);
    mt_proc p = mt_schemac("migrate", "new", "-m", "keys", "--dir", m, y1, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    pgtest_exec(db.conn, "INSERT INTO accounts VALUES (1, 'a@x'), (2, 'a@x'); "
                         "INSERT INTO orders VALUES (10, 1), (20, 2)");
    p = mt_schemac("migrate", "new", "-m", "email key", "--concurrent-indexes", "--dir", m, y2,
                   NULL);
    CHECK_INT(p.status, 0);
    char *path = created_path(p.out);
    mt_proc_free(&p);
    size_t len;
    char *text = load_read_file(path, &len);
    CHECK(mt_contains(text, "-- +up nontransactional\n"
                            "-- hazard: unique_build: builds unique index accounts_pkey on table "
                            "accounts\n"
                            "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey_swap ON accounts "
                            "(email);\n"));
    CHECK(mt_contains(text, "ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\n"
                            "ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING "
                            "INDEX accounts_pkey_swap;\n"));
    free(text);
    const char *keys = "SELECT string_agg(conrelid::regclass::text || ':' || conname || ':' || "
                       "contype::text || ':' || pg_get_constraintdef(oid), ',' ORDER BY "
                       "conrelid::regclass::text, conname) FROM pg_constraint WHERE connamespace "
                       "= 'public'::regnamespace AND contype IN ('p', 'u', 'f')";
    char *keys_before = strdup(mt_value(db.conn, keys));
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 1);
    CHECK(mt_contains(p.err, "(SQLSTATE 23505)"));
    mt_proc_free(&p);
    /* Nothing of the old keys was dropped. */
    CHECK_STR(mt_value(db.conn, keys), keys_before);
    CHECK(mt_contains(keys_before, "orders:orders_account_id_fkey:f:FOREIGN KEY (account_id) "
                                   "REFERENCES accounts(id)"));
    CHECK(mt_contains(keys_before, "accounts:accounts_pkey:p:PRIMARY KEY (id)"));
    pgtest_exec(db.conn, "UPDATE accounts SET email = 'b@x' WHERE id = 2");
    p = mt_schemac("migrate", "up", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    CHECK(mt_contains(p.out, "dropping INVALID index public.accounts_pkey_swap"));
    mt_proc_free(&p);
    char *want = fresh_catalog(y2);
    check_catalog(db.conn, want, "after the key swap");
    free(want);
    CHECK(mt_contains(mt_value(db.conn, keys), "accounts:accounts_pkey:p:PRIMARY KEY (email)"));
    /* And back down, also by swapping. */
    p = mt_schemac("migrate", "down", "--dir", m, "--db", db.conninfo, NULL);
    CHECK_INT(p.status, 0);
    mt_proc_free(&p);
    want = fresh_catalog(y1);
    check_catalog(db.conn, want, "after reverting the key swap");
    free(want);
    free(keys_before);
    free(path);
    free(y1);
    free(y2);
    free(m);
    mt_testdb_drop(&db);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SCHEMAC CATALOG_SQL\n", argv[0]);
        return 2;
    }
    mt_schemac_path = argv[1];
    catalog_sql = argv[2];
    test_new_up_down_up_matches_fresh_databases();
    test_soft_delete_off_is_refused_then_counts_revived_rows();
    test_new_refuses_bad_arguments_and_other_schemas();
    test_check_and_exit_code_fail_on_unrecorded_changes();
    test_concurrent_key_swap_keeps_old_keys_until_the_new_one_is_valid();
    return check_report();
}
