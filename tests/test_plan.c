/* Tests for diff and plan without a database: small schema pairs, the
 * exact statements planned, in order, and the hazards they carry. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diff.h"
#include "ir_objects.h"
#include "load.h"
#include "plan.h"
#include "validate.h"

/* Loads and validates one schema file's text; NULL (and a failed check)
 * if it is invalid. Caller frees with ir_schema_free. */
static ir_schema *schema(const char *yaml)
{
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "test.yaml", yaml, strlen(yaml), &d);
    if (s && validate_schema(s, &d) < 0) {
        ir_schema_free(s);
        s = NULL;
    }
    if (!s || diag_has_errors(&d)) {
        diag_render(&d, stderr, false);
        CHECK(!"the test schema is valid");
    }
    diag_free(&d);
    return s;
}

/* A planned migration and what it was made from. */
typedef struct planned {
    ir_schema *from, *to;
    diff_result diff;
    plan plan;
    int diff_status;
} planned;

/* Plans from → to (NULL from: the empty schema); `down` plans the reverse
 * migration of from → to, as `schemac diff --down` does. */
static void plan_pair(planned *out, const char *from, const char *to, bool down,
                      const plan_options *opts)
{
    memset(out, 0, sizeof *out);
    out->to = schema(to);
    if (from) {
        out->from = schema(from);
    } else {
        out->from = ir_schema_new();
        if (out->to)
            out->from->name = out->to->name;
    }
    if (!out->from || !out->to)
        return;
    diag d;
    diag_init(&d);
    out->diff_status = down ? diff_schemas(out->to, out->from, true, &out->diff, &d)
                            : diff_schemas(out->from, out->to, false, &out->diff, &d);
    diag_free(&d);
    if (out->diff_status == 0)
        plan_build(&out->plan, &out->diff, opts);
}

static void planned_free(planned *p)
{
    plan_free(&p->plan);
    diff_free(&p->diff);
    ir_schema_free(p->from);
    ir_schema_free(p->to);
}

/* Checks the plan is exactly `want` (NULL-terminated), statement by
 * statement; prints the whole plan when it is not. */
static void check_statements(const planned *p, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    bool same = p->plan.n == n;
    for (size_t i = 0; same && i < n; i++)
        same = !strcmp(p->plan.stmts[i].sql, want[i]);
    CHECK(same);
    if (same)
        return;
    fprintf(stderr, "  planned:\n");
    for (size_t i = 0; i < p->plan.n; i++)
        fprintf(stderr, "    %s\n", p->plan.stmts[i].sql);
    fprintf(stderr, "  wanted:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "    %s\n", want[i]);
}

/* The first statement whose SQL starts with `prefix`, or NULL. */
static const plan_stmt *find_statement(const planned *p, const char *prefix)
{
    for (size_t i = 0; i < p->plan.n; i++)
        if (!strncmp(p->plan.stmts[i].sql, prefix, strlen(prefix)))
            return &p->plan.stmts[i];
    return NULL;
}

static bool has_hazard(const plan_stmt *s, plan_hazard_code code)
{
    for (size_t i = 0; s && i < s->nhazards; i++)
        if (s->hazards[i].code == code)
            return true;
    return false;
}

static const char users_posts[] = "schemac: 1\n"
                                  "name: blog\n"
                                  "tables:\n"
                                  "  users:\n"
                                  "    columns:\n"
                                  "      id: { type: bigint, primary_key: true }\n"
                                  "      email: text\n"
                                  "  posts:\n"
                                  "    columns:\n"
                                  "      id: { type: bigint, primary_key: true }\n"
                                  "      user_id: bigint\n"
                                  "      title: text\n";

static void test_dropping_a_table_is_destructive(void)
{
    planned p;
    plan_pair(&p, users_posts,
              "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n      email: text\n",
              false, NULL);
    check_statements(&p, (const char *const[]){"DROP TABLE posts;", NULL});
    CHECK(has_hazard(find_statement(&p, "DROP TABLE posts"), HAZARD_DROP_TABLE));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_adding_a_nullable_column_is_not_destructive(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n",
              "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n"
              "      bio: { type: text, nullable: true }\n",
              false, NULL);
    check_statements(&p, (const char *const[]){"ALTER TABLE users ADD COLUMN bio text;", NULL});
    CHECK(!plan_is_destructive(&p.plan));
    CHECK_INT(p.plan.stmts[0].nhazards, 0);
    planned_free(&p);
}

static void test_foreign_key_on_existing_table_is_added_not_valid_then_validated(void)
{
    planned p;
    plan_pair(&p, users_posts,
              "schemac: 1\nname: blog\ntables:\n"
              "  users:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n      email: text\n"
              "  posts:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n"
              "      user_id: { type: bigint, references: users.id }\n"
              "      title: text\n",
              false, NULL);
    check_statements(
        &p, (const char *const[]){
                "CREATE INDEX posts_user_id_idx ON posts (user_id);",
                "ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) "
                "REFERENCES users (id) NOT VALID;",
                "ALTER TABLE posts VALIDATE CONSTRAINT posts_user_id_fkey;", NULL});
    CHECK(has_hazard(find_statement(&p, "CREATE INDEX"), HAZARD_INDEX_BUILD));
    CHECK(!has_hazard(find_statement(&p, "ALTER TABLE posts ADD"), HAZARD_VALIDATE_CONSTRAINT));
    CHECK(has_hazard(find_statement(&p, "ALTER TABLE posts VALIDATE"),
                     HAZARD_VALIDATE_CONSTRAINT));
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static const char users_unique_email[] = "schemac: 1\nname: blog\ntables:\n  users:\n"
                                         "    columns:\n"
                                         "      id: { type: bigint, primary_key: true }\n"
                                         "      email: { type: text, unique: true }\n";

static void test_unique_key_on_existing_table_builds_index_then_attaches_it(void)
{
    const char *from = "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
                       "      id: { type: bigint, primary_key: true }\n      email: text\n";
    planned p;
    plan_pair(&p, from, users_unique_email, false, NULL);
    check_statements(&p, (const char *const[]){
                             "CREATE UNIQUE INDEX users_email_key ON users (email);",
                             "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING "
                             "INDEX users_email_key;",
                             NULL});
    CHECK(has_hazard(&p.plan.stmts[0], HAZARD_UNIQUE_BUILD));
    CHECK(p.plan.stmts[0].transactional);
    planned_free(&p);

    plan_options concurrent = PLAN_OPTIONS_INIT;
    concurrent.concurrent_indexes = true;
    plan_pair(&p, from, users_unique_email, false, &concurrent);
    /* Concurrently, under a temporary name: attaching renames it. */
    check_statements(&p, (const char *const[]){
                             "CREATE UNIQUE INDEX CONCURRENTLY users_email_key_swap ON users "
                             "(email);",
                             "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING "
                             "INDEX users_email_key_swap;",
                             NULL});
    CHECK(!p.plan.stmts[0].transactional);
    planned_free(&p);
}

static void test_index_on_existing_table_blocks_writes_unless_concurrent(void)
{
    const char *to = "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
                     "      id: { type: bigint, primary_key: true }\n      email: text\n"
                     "    indexes:\n      - { columns: [email], where: \"email <> ''\" }\n";
    const char *from = "schemac: 1\nname: blog\ntables:\n  users:\n    columns:\n"
                       "      id: { type: bigint, primary_key: true }\n      email: text\n";
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){
                             "CREATE INDEX users_email_idx ON users (email) WHERE email <> '';",
                             NULL});
    CHECK(has_hazard(&p.plan.stmts[0], HAZARD_INDEX_BUILD));
    CHECK(p.plan.stmts[0].transactional);
    planned_free(&p);

    plan_options concurrent = PLAN_OPTIONS_INIT;
    concurrent.concurrent_indexes = true;
    plan_pair(&p, from, to, false, &concurrent);
    check_statements(&p, (const char *const[]){"CREATE INDEX CONCURRENTLY users_email_idx ON "
                                               "users (email) WHERE email <> '';",
                                               NULL});
    CHECK(!p.plan.stmts[0].transactional);
    CHECK(!has_hazard(&p.plan.stmts[0], HAZARD_INDEX_BUILD));
    planned_free(&p);

    /* On a table created by the same plan there is nothing to block. */
    plan_pair(&p, NULL, to, false, &concurrent);
    const plan_stmt *s = find_statement(&p, "CREATE INDEX users_email_idx");
    CHECK(s && s->transactional && s->nhazards == 0);
    planned_free(&p);
}

static void test_enum_values_are_added_before_their_right_neighbour(void)
{
    planned p;
    plan_pair(&p, "schemac: 1\nname: shop\nenums:\n  state: [placed, shipped]\n",
              "schemac: 1\nname: shop\nenums:\n"
              "  state: [draft, placed, paid, packed, shipped, returned]\n",
              false, NULL);
    check_statements(&p, (const char *const[]){
                             "ALTER TYPE state ADD VALUE 'draft' BEFORE 'placed';",
                             "ALTER TYPE state ADD VALUE 'paid' BEFORE 'shipped';",
                             "ALTER TYPE state ADD VALUE 'packed' BEFORE 'shipped';",
                             "ALTER TYPE state ADD VALUE 'returned';", NULL});
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_removing_an_enum_value_rebuilds_the_type(void)
{
    const char *from = "schemac: 1\nname: shop\nenums:\n"
                       "  state: { values: [placed, paid, shipped], comment: Life cycle. }\n"
                       "tables:\n  orders:\n    columns:\n"
                       "      id: { type: integer, primary_key: true }\n"
                       "      state: { type: state, default: placed }\n"
                       "    checks:\n      not_paid: \"state <> 'paid'\"\n";
    const char *to = "schemac: 1\nname: shop\nenums:\n"
                     "  state: { values: [placed, shipped], comment: Life cycle. }\n"
                     "tables:\n  orders:\n    columns:\n"
                     "      id: { type: integer, primary_key: true }\n"
                     "      state: { type: state, default: placed }\n"
                     "    checks:\n      not_paid: \"state <> 'paid'\"\n";
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TABLE orders DROP CONSTRAINT not_paid;",
                "ALTER TYPE state RENAME TO state__schemac_old;",
                "CREATE TYPE state AS ENUM ('placed', 'shipped');",
                "ALTER TABLE orders ALTER COLUMN state DROP DEFAULT, ALTER COLUMN state TYPE "
                "state USING state::text::state, ALTER COLUMN state SET DEFAULT 'placed';",
                "ALTER TABLE orders ADD CONSTRAINT not_paid CHECK (state <> 'paid') NOT VALID;",
                "ALTER TABLE orders VALIDATE CONSTRAINT not_paid;",
                "COMMENT ON TYPE state IS 'Life cycle.';",
                "DROP TYPE state__schemac_old;", NULL});
    CHECK(has_hazard(find_statement(&p, "ALTER TYPE state RENAME"), HAZARD_DROP_ENUM_VALUE));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_fk_cycle_among_new_tables_creates_both_then_adds_the_forward_key(void)
{
    planned p;
    plan_pair(&p, NULL,
              "schemac: 1\nname: org\ntables:\n"
              "  departments:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      head_id: { type: integer, nullable: true, references: employees.id }\n"
              "  employees:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      department_id: { type: integer, references: departments.id }\n",
              false, NULL);
    check_statements(
        &p, (const char *const[]){
                "CREATE TABLE departments (\n    id integer NOT NULL,\n    head_id integer,\n"
                "    CONSTRAINT departments_pkey PRIMARY KEY (id)\n);",
                "CREATE TABLE employees (\n    id integer NOT NULL,\n"
                "    department_id integer NOT NULL,\n"
                "    CONSTRAINT employees_pkey PRIMARY KEY (id),\n"
                "    CONSTRAINT employees_department_id_fkey FOREIGN KEY (department_id) "
                "REFERENCES departments (id)\n);",
                "CREATE INDEX departments_head_id_idx ON departments (head_id);",
                "CREATE INDEX employees_department_id_idx ON employees (department_id);",
                "ALTER TABLE departments ADD CONSTRAINT departments_head_id_fkey FOREIGN KEY "
                "(head_id) REFERENCES employees (id);",
                NULL});
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_new_table_references_a_key_added_in_the_same_plan(void)
{
    planned p;
    plan_pair(&p, users_posts,
              "schemac: 1\nname: blog\ntables:\n"
              "  users:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n"
              "      email: { type: text, unique: true }\n"
              "  posts:\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n      user_id: bigint\n"
              "      title: text\n"
              "  invites:\n    columns:\n"
              "      email: { type: text, primary_key: true, references: users.email }\n",
              false, NULL);
    check_statements(
        &p, (const char *const[]){
                "CREATE TABLE invites (\n    email text NOT NULL,\n"
                "    CONSTRAINT invites_pkey PRIMARY KEY (email)\n);",
                "CREATE UNIQUE INDEX users_email_key ON users (email);",
                "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX "
                "users_email_key;",
                "ALTER TABLE invites ADD CONSTRAINT invites_email_fkey FOREIGN KEY (email) "
                "REFERENCES users (email);",
                NULL});
    planned_free(&p);
}

static const char accounts_v1[] = "schemac: 1\nname: crm\ntables:\n"
                                  "  accounts:\n    columns:\n"
                                  "      id: { type: serial, primary_key: true }\n"
                                  "      mail: { type: text, unique: true }\n";
static const char accounts_v2[] = "schemac: 1\nname: crm\ntables:\n"
                                  "  clients:\n    renamed_from: accounts\n    columns:\n"
                                  "      id: { type: serial, primary_key: true }\n"
                                  "      email: { type: text, unique: true, renamed_from: mail }\n";

static void test_renamed_from_renames_and_never_drops(void)
{
    planned p;
    plan_pair(&p, accounts_v1, accounts_v2, false, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TABLE accounts RENAME TO clients;",
                "ALTER TABLE clients RENAME COLUMN mail TO email;",
                "ALTER SEQUENCE accounts_id_seq RENAME TO clients_id_seq;",
                "ALTER TABLE clients RENAME CONSTRAINT accounts_pkey TO clients_pkey;",
                "ALTER TABLE clients RENAME CONSTRAINT accounts_mail_key TO clients_email_key;",
                NULL});
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_down_diff_undoes_renames(void)
{
    planned p;
    plan_pair(&p, accounts_v1, accounts_v2, true, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TABLE clients RENAME TO accounts;",
                "ALTER TABLE accounts RENAME COLUMN email TO mail;",
                "ALTER SEQUENCE clients_id_seq RENAME TO accounts_id_seq;",
                "ALTER TABLE accounts RENAME CONSTRAINT clients_pkey TO accounts_pkey;",
                "ALTER TABLE accounts RENAME CONSTRAINT clients_email_key TO accounts_mail_key;",
                NULL});
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_stale_renamed_from_is_ignored(void)
{
    /* The hint stays in the file after the migration: from v2 to v2 plus a
     * column, the old names no longer exist and nothing is renamed. */
    const char *to = "schemac: 1\nname: crm\ntables:\n"
                     "  clients:\n    renamed_from: accounts\n    columns:\n"
                     "      id: { type: serial, primary_key: true }\n"
                     "      email: { type: text, unique: true, renamed_from: mail }\n"
                     "      phone: { type: text, nullable: true }\n";
    planned p;
    plan_pair(&p, accounts_v2, to, false, NULL);
    check_statements(&p,
                     (const char *const[]){"ALTER TABLE clients ADD COLUMN phone text;", NULL});
    planned_free(&p);
    plan_pair(&p, accounts_v2, accounts_v2, false, NULL);
    CHECK_INT(p.plan.n, 0);
    planned_free(&p);
}

static void test_ambiguous_renamed_from_is_an_error(void)
{
    /* Both names exist in the old schema and the hinted one is left over:
     * a stale hint and a replacement look the same, so diff refuses. */
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: crm\ntables:\n  users:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      email: text\n      email_new: text\n",
              "schemac: 1\nname: crm\ntables:\n  users:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      email: { type: text, renamed_from: email_new }\n",
              false, NULL);
    CHECK_INT(p.diff_status, -1);
    planned_free(&p);
    /* A new schema that still has `email_new` as well is invalid
     * (tests/bad/renamed_from_still_there.yaml). */
}

static void test_two_objects_renamed_from_one_name_is_an_error(void)
{
    planned p;
    plan_pair(&p, accounts_v1,
              "schemac: 1\nname: crm\ntables:\n"
              "  clients:\n    renamed_from: accounts\n    columns:\n"
              "      id: { type: serial, primary_key: true }\n"
              "  customers:\n    renamed_from: accounts\n    columns:\n"
              "      id: { type: serial, primary_key: true }\n",
              false, NULL);
    CHECK_INT(p.diff_status, -1);
    planned_free(&p);
}

static void test_narrowing_to_varchar_fails_rather_than_truncates(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      code: text\n",
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      code: varchar(8)\n",
              false, NULL);
    /* No USING code::varchar(8): an explicit cast would cut long values. */
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE t ALTER COLUMN code TYPE character varying(8);", NULL});
    CHECK(has_hazard(&p.plan.stmts[0], HAZARD_NARROW_TYPE));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
}

/* timestamptz → timestamp keeps the wall-clock time of the session's
 * TimeZone: the instant each value meant is lost. */
static void test_timestamptz_to_timestamp_is_a_narrowing(void)
{
    static const char tz[] = "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n"
                             "      at: timestamptz\n";
    static const char plain[] = "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
                                "      id: { type: integer, primary_key: true }\n"
                                "      at: timestamp\n";
    planned p;
    plan_pair(&p, tz, plain, false, NULL);
    const plan_stmt *s = find_statement(&p, "ALTER TABLE t ALTER COLUMN at TYPE");
    CHECK(has_hazard(s, HAZARD_NARROW_TYPE));
    CHECK(s && s->nhazards && strstr(s->hazards[s->nhazards - 1].message, "TimeZone"));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
    /* The down migration reads the values back in the session's zone too,
     * but loses nothing a timestamp held. */
    plan_pair(&p, tz, plain, true, NULL);
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

/* soft_delete off: deleted_at goes and the rows it hid are live again,
 * which the migration flags and counts right before the drop. */
static void test_turning_soft_delete_off_flags_and_counts_revived_rows(void)
{
    static const char on[] = "schemac: 1\nname: t\ntables:\n  posts:\n    soft_delete: true\n"
                             "    columns:\n      id: { type: integer, primary_key: true }\n";
    static const char off[] = "schemac: 1\nname: t\ntables:\n  posts:\n"
                              "    columns:\n      id: { type: integer, primary_key: true }\n";
    planned p;
    plan_pair(&p, on, off, false, NULL);
    check_statements(&p, (const char *const[]){
                             "DO $schemac$ BEGIN RAISE NOTICE '% soft-deleted rows of posts "
                             "become live again', (SELECT count(*) FROM posts WHERE deleted_at "
                             "IS NOT NULL); END $schemac$;",
                             "ALTER TABLE posts DROP COLUMN deleted_at;", NULL});
    CHECK(p.plan.n == 2 && has_hazard(&p.plan.stmts[0], HAZARD_REVIVE_SOFT_DELETED));
    CHECK(p.plan.n == 2 && has_hazard(&p.plan.stmts[1], HAZARD_DROP_COLUMN));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
    /* Turning it on revives nothing; its down migration does. */
    plan_pair(&p, off, on, false, NULL);
    CHECK(!find_statement(&p, "DO "));
    planned_free(&p);
    plan_pair(&p, off, on, true, NULL);
    CHECK(has_hazard(find_statement(&p, "DO "), HAZARD_REVIVE_SOFT_DELETED));
    planned_free(&p);
}

static void test_serial_to_identity_continues_the_sequence(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: serial, primary_key: true }\n",
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true, identity: true }\n",
              false, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TABLE t ALTER COLUMN id DROP DEFAULT;",
                "ALTER SEQUENCE t_id_seq RENAME TO t_id_seq__schemac_old;",
                "ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;",
                "SELECT setval('t_id_seq', last_value, is_called) FROM t_id_seq__schemac_old;",
                "DROP SEQUENCE t_id_seq__schemac_old;", NULL});
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

static void test_reordered_unique_key_is_rebuilt_and_its_foreign_keys_too(void)
{
    const char *head = "schemac: 1\nname: geo\ntables:\n"
                       "  regions:\n    columns:\n"
                       "      country: char(2)\n      code: varchar(3)\n";
    const char *tail = "  cities:\n    columns:\n"
                       "      id: { type: integer, primary_key: true }\n"
                       "      country: char(2)\n      region: varchar(3)\n"
                       "    foreign_keys:\n"
                       "      - { columns: [country, region], references: \"regions(country, "
                       "code)\" }\n";
    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s    primary_key: [country, code]\n%s", head, tail);
    snprintf(to, sizeof to, "%s    primary_key: [code, country]\n%s", head, tail);
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TABLE cities DROP CONSTRAINT cities_country_region_fkey;",
                "ALTER TABLE regions DROP CONSTRAINT regions_pkey;",
                "CREATE UNIQUE INDEX regions_pkey ON regions (code, country);",
                "ALTER TABLE regions ADD CONSTRAINT regions_pkey PRIMARY KEY USING INDEX "
                "regions_pkey;",
                "ALTER TABLE cities ADD CONSTRAINT cities_country_region_fkey FOREIGN KEY "
                "(country, region) REFERENCES regions (country, code) NOT VALID;",
                "ALTER TABLE cities VALIDATE CONSTRAINT cities_country_region_fkey;", NULL});
    planned_free(&p);

    /* Concurrently, nothing is dropped before the new index is valid; then
     * one transaction drops the foreign key and the key, attaches the new
     * one and adds the foreign key back. */
    plan_options concurrent = PLAN_OPTIONS_INIT;
    concurrent.concurrent_indexes = true;
    plan_pair(&p, from, to, false, &concurrent);
    check_statements(
        &p, (const char *const[]){
                "CREATE UNIQUE INDEX CONCURRENTLY regions_pkey_swap ON regions (code, country);",
                "ALTER TABLE cities DROP CONSTRAINT cities_country_region_fkey;",
                "ALTER TABLE regions DROP CONSTRAINT regions_pkey;",
                "ALTER TABLE regions ADD CONSTRAINT regions_pkey PRIMARY KEY USING INDEX "
                "regions_pkey_swap;",
                "ALTER TABLE cities ADD CONSTRAINT cities_country_region_fkey FOREIGN KEY "
                "(country, region) REFERENCES regions (country, code) NOT VALID;",
                "ALTER TABLE cities VALIDATE CONSTRAINT cities_country_region_fkey;", NULL});
    CHECK(!p.plan.stmts[0].transactional);
    for (size_t i = 1; i < p.plan.n; i++)
        CHECK(p.plan.stmts[i].transactional);
    planned_free(&p);
}

static void test_same_definition_under_a_new_name_is_renamed(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      n: integer\n"
              "    indexes:\n      - { columns: [n], name: t_by_n }\n"
              "    checks:\n      positive: \"n > 0\"\n",
              "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      n: integer\n"
              "    indexes:\n      - { columns: [n], name: t_n_lookup }\n"
              "    checks:\n      n_positive: \"n > 0\"\n",
              false, NULL);
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE t RENAME CONSTRAINT positive TO n_positive;",
                             "ALTER INDEX t_by_n RENAME TO t_n_lookup;", NULL});
    planned_free(&p);
}

static void test_enum_replaced_by_table_of_its_name_is_set_aside(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: t\nenums:\n  status: [open, closed]\n"
              "tables:\n  tickets:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      status: status\n",
              "schemac: 1\nname: t\ntables:\n"
              "  status:\n    columns:\n      name: { type: text, primary_key: true }\n"
              "  tickets:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n      status: text\n",
              false, NULL);
    check_statements(
        &p, (const char *const[]){
                "ALTER TYPE status RENAME TO status__schemac_old;",
                "CREATE TABLE status (\n    name text NOT NULL,\n"
                "    CONSTRAINT status_pkey PRIMARY KEY (name)\n);",
                "ALTER TABLE tickets ALTER COLUMN status TYPE text;",
                "DROP TYPE status__schemac_old;", NULL});
    planned_free(&p);
}

static void test_new_enum_value_used_in_the_same_plan_is_flagged(void)
{
    planned p;
    plan_pair(&p,
              "schemac: 1\nname: t\nenums:\n  st: [a, b]\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      s: { type: st, default: a }\n",
              "schemac: 1\nname: t\nenums:\n  st: [a, b, c]\ntables:\n  t:\n    columns:\n"
              "      id: { type: integer, primary_key: true }\n"
              "      s: { type: st, default: c }\n",
              false, NULL);
    check_statements(&p, (const char *const[]){"ALTER TYPE st ADD VALUE 'c';",
                                               "ALTER TABLE t ALTER COLUMN s SET DEFAULT 'c';",
                                               NULL});
    CHECK(has_hazard(&p.plan.stmts[0], HAZARD_ENUM_VALUE_IN_TRANSACTION));
    planned_free(&p);
}

static void test_only_a_volatile_default_rewrites_the_table(void)
{
    const char *from = "schemac: 1\nname: t\ntables:\n  t:\n    columns:\n"
                       "      id: { type: integer, primary_key: true }\n";
    char to[512];
    planned p;
    snprintf(to, sizeof to, "%s      ref: { type: uuid, default_sql: \"gen_random_uuid()\" }\n",
             from);
    plan_pair(&p, from, to, false, NULL);
    CHECK(p.plan.n == 1 && has_hazard(&p.plan.stmts[0], HAZARD_TABLE_REWRITE));
    planned_free(&p);
    snprintf(to, sizeof to,
             "%s      ref: { type: uuid, default_sql: "
             "\"'00000000-0000-0000-0000-000000000000'::uuid\" }\n",
             from);
    plan_pair(&p, from, to, false, NULL);
    CHECK(p.plan.n == 1 && p.plan.stmts[0].nhazards == 0);
    planned_free(&p);
}

static void test_every_hazard_has_a_name_an_explanation_and_a_doc_entry(void)
{
    size_t len = 0;
    char *doc = load_read_file(SCHEMAC_TESTS_DIR "/../docs/hazards.md", &len);
    CHECK(doc != NULL);
    for (int code = 0; code < PLAN_HAZARD_COUNT; code++) {
        const char *name = plan_hazard_name((plan_hazard_code)code);
        CHECK(name && *name);
        CHECK(plan_hazard_explanation((plan_hazard_code)code) != NULL);
        char heading[96];
        snprintf(heading, sizeof heading, "\n## `%s`\n", name ? name : "?");
        CHECK(doc && strstr(doc, heading));
        if (doc && !strstr(doc, heading))
            fprintf(stderr, "  docs/hazards.md lacks a section %s", heading + 1);
        /* The explanation is quoted in the section as it is in plan.c. */
        CHECK(doc && strstr(doc, plan_hazard_explanation((plan_hazard_code)code)));
    }
    free(doc);
}

/* ---- index options ---- */

static const char people_v1[] = "schemac: 1\nname: club\ntables:\n  people:\n    columns:\n"
                                "      id: { type: bigint, primary_key: true }\n"
                                "      email: text\n      code: varchar(20)\n"
                                "      score: integer\n";

static void test_index_elements_are_written_in_postgresql_order(void)
{
    char to[1024];
    snprintf(to, sizeof to,
             "%s    indexes:\n"
             "      - { columns: [{ column: code, order: desc, nulls: last, opclass: "
             "varchar_pattern_ops, collation: C }], include: [score] }\n"
             "      - { columns: [{ expression: \"lower(email)\" }], unique: true, "
             "nulls_not_distinct: true, name: people_email_key }\n",
             people_v1);
    planned p;
    plan_pair(&p, people_v1, to, false, NULL);
    check_statements(&p, (const char *const[]){
                             "CREATE INDEX people_code_score_idx ON people (code COLLATE \"C\" "
                             "varchar_pattern_ops DESC NULLS LAST) INCLUDE (score);",
                             "CREATE UNIQUE INDEX people_email_key ON people ((lower(email))) "
                             "NULLS NOT DISTINCT;",
                             NULL});
    CHECK(has_hazard(&p.plan.stmts[1], HAZARD_UNIQUE_BUILD));
    planned_free(&p);
}

static void test_changed_index_option_drops_and_rebuilds_the_index(void)
{
    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s    indexes:\n      - { columns: [score] }\n", people_v1);
    snprintf(to, sizeof to,
             "%s    indexes:\n      - { columns: [{ column: score, order: desc }] }\n",
             people_v1);
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){"DROP INDEX people_score_idx;",
                                               "CREATE INDEX people_score_idx ON people (score "
                                               "DESC);",
                                               NULL});
    planned_free(&p);
    /* NULLS FIRST is DESC's default: the same index, nothing to do. */
    snprintf(from, sizeof from,
             "%s    indexes:\n      - { columns: [{ column: score, order: desc, nulls: first }] }\n",
             people_v1);
    plan_pair(&p, from, to, false, NULL);
    CHECK(p.plan.n == 0);
    planned_free(&p);
}

static void test_expression_index_over_a_retyped_column_is_rebuilt(void)
{
    const char *idx = "    indexes:\n"
                      "      - { columns: [{ expression: \"code || email\" }], name: people_ce }\n"
                      "      - { columns: [email] }\n";
    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s%s", people_v1, idx);
    snprintf(to, sizeof to, "%s%s", people_v1, idx);
    char *at = strstr(to, "code: varchar(20)");
    memcpy(at, "code: text       ", strlen("code: varchar(20)"));
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){
                             "DROP INDEX people_ce;",
                             "ALTER TABLE people ALTER COLUMN code TYPE text;",
                             "CREATE INDEX people_ce ON people ((code || email));", NULL});
    planned_free(&p);
}

/* ---- deferrable keys, MATCH FULL ---- */

static const char teams_v1[] = "schemac: 1\nname: club\ntables:\n  teams:\n    columns:\n"
                               "      id: { type: bigint, primary_key: true }\n"
                               "      league: integer\n      code: text\n"
                               "  players:\n    columns:\n"
                               "      id: { type: bigint, primary_key: true }\n"
                               "      team_id: bigint\n";

static void test_changed_fk_deferrability_alters_the_constraint(void)
{
    char from[1024], to[1024];
    snprintf(from, sizeof from,
             "%s    foreign_keys:\n      - { columns: [team_id], references: teams.id }\n",
             teams_v1);
    snprintf(to, sizeof to,
             "%s    foreign_keys:\n      - { columns: [team_id], references: teams.id, "
             "deferrable: initially_deferred }\n",
             teams_v1);
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){"ALTER TABLE players ALTER CONSTRAINT "
                                               "players_team_id_fkey DEFERRABLE INITIALLY "
                                               "DEFERRED;",
                                               NULL});
    planned_free(&p);
    plan_pair(&p, from, to, true, NULL);
    check_statements(&p, (const char *const[]){"ALTER TABLE players ALTER CONSTRAINT "
                                               "players_team_id_fkey NOT DEFERRABLE;",
                                               NULL});
    planned_free(&p);
}

static void test_changed_unique_key_options_drop_and_add_the_key(void)
{
    const char *head = "schemac: 1\nname: club\ntables:\n  teams:\n    columns:\n"
                       "      id: { type: bigint, primary_key: true }\n"
                       "      league: integer\n      code: { type: text, nullable: true }\n";
    char from[512], to[512];
    snprintf(from, sizeof from, "%s    unique: [[league, code]]\n", head);
    snprintf(to, sizeof to,
             "%s    unique: [{ columns: [league, code], nulls_not_distinct: true, deferrable: "
             "true }]\n",
             head);
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE teams DROP CONSTRAINT teams_league_code_key;",
                             "CREATE UNIQUE INDEX teams_league_code_key ON teams (league, code) "
                             "NULLS NOT DISTINCT;",
                             "ALTER TABLE teams ADD CONSTRAINT teams_league_code_key UNIQUE USING "
                             "INDEX teams_league_code_key DEFERRABLE;",
                             NULL});
    planned_free(&p);
}

static void test_match_full_is_written_before_the_actions(void)
{
    char to[1024];
    snprintf(to, sizeof to,
             "%s    foreign_keys:\n      - { columns: [team_id], references: teams.id, match: "
             "full, on_delete: cascade, deferrable: true }\n",
             teams_v1);
    planned p;
    plan_pair(&p, NULL, to, false, NULL);
    const plan_stmt *s = find_statement(&p, "CREATE TABLE players");
    CHECK(s && strstr(s->sql, "REFERENCES teams (id) MATCH FULL ON DELETE CASCADE DEFERRABLE"));
    planned_free(&p);
}

/* ---- exclusion constraints ---- */

static void test_exclusion_on_existing_table_is_one_statement_with_a_hazard(void)
{
    const char *from = "schemac: 1\nname: rooms\ntables:\n  bookings:\n    columns:\n"
                       "      id: { type: bigint, primary_key: true }\n      room: integer\n"
                       "      low: integer\n      high: integer\n";
    char to[1024];
    snprintf(to, sizeof to,
             "%s    exclude:\n      - { elements: [{ column: room, with: \"=\" }, { expression: "
             "\"int4range(low, high)\", with: \"&&\" }], where: \"room > 0\", deferrable: "
             "true, name: bookings_no_overlap }\n",
             from);
    planned p;
    plan_pair(&p, from, to, false, NULL);
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE "
                             "USING gist (room WITH =, (int4range(low, high)) WITH &&) WHERE "
                             "(room > 0) DEFERRABLE;",
                             NULL});
    CHECK(has_hazard(&p.plan.stmts[0], HAZARD_EXCLUSION_BUILD));
    planned_free(&p);
    plan_pair(&p, from, to, true, NULL);
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;", NULL});
    planned_free(&p);
}

static void test_derived_exclusion_name_follows_a_table_rename(void)
{
    const char *from = "schemac: 1\nname: rooms\ntables:\n  bookings:\n    columns:\n"
                       "      id: { type: bigint, primary_key: true }\n      room: integer\n"
                       "    exclude:\n      - { elements: [{ column: room, with: \"=\" }] }\n";
    const char *to = "schemac: 1\nname: rooms\ntables:\n  reservations:\n"
                     "    renamed_from: bookings\n    columns:\n"
                     "      id: { type: bigint, primary_key: true }\n      room: integer\n"
                     "    exclude:\n      - { elements: [{ column: room, with: \"=\" }] }\n";
    planned p;
    plan_pair(&p, from, to, false, NULL);
    const plan_stmt *s =
        find_statement(&p, "ALTER TABLE reservations RENAME CONSTRAINT bookings_room_excl");
    CHECK(s && !strcmp(s->sql, "ALTER TABLE reservations RENAME CONSTRAINT bookings_room_excl "
                               "TO reservations_room_excl;"));
    CHECK(!find_statement(&p, "ALTER TABLE reservations ADD CONSTRAINT"));
    planned_free(&p);
}


/* ---- views, functions, triggers (diff_objects.c, plan_objects.c) ---- */

/* What depends.c would learn from a server: view `v` reads `name`
 * (a relation, or its `column`). */
static void reads(ir_schema *s, const char *view, const char *name, const char *column)
{
    ir_view *v = ir_find_view(s, view);
    CHECK(v != NULL);
    if (v)
        ir_view_add_read(s, v, (ir_read){column ? IR_READS_COLUMN : IR_READS_RELATION, name,
                                         column});
    s->dependencies_found = true;
}

static const char views_v1[] =
    "schemac: 1\nname: s\n"
    "tables:\n  t:\n    columns:\n      id: { type: bigint, primary_key: true }\n      c: text\n"
    "views:\n"
    "  outer_v: { sql: SELECT c FROM inner_v }\n"
    "  inner_v: { sql: SELECT c FROM t }\n"
    "  other: { sql: SELECT id FROM t }\n";

/* Retyping t.c recreates inner_v (which reads it) and outer_v (which reads
 * inner_v), around the ALTER, each after what it reads; `other` stays. */
static void test_a_retyped_column_recreates_the_views_over_it_in_order(void)
{
    planned p = {0};
    p.from = schema(views_v1);
    char *v2 = strdup(views_v1);
    memcpy(strstr(v2, "c: text"), "c: uuid", 7);
    p.to = schema(v2);
    free(v2);
    if (!p.from || !p.to)
        return;
    for (int side = 0; side < 2; side++) {
        ir_schema *s = side ? p.to : p.from;
        reads(s, "outer_v", "inner_v", "c");
        reads(s, "inner_v", "t", "c");
        reads(s, "other", "t", "id");
    }
    diag d;
    diag_init(&d);
    CHECK(diff_schemas(p.from, p.to, false, &p.diff, &d) == 0);
    diag_free(&d);
    plan_build(&p.plan, &p.diff, NULL);
    const char *want[] = {"DROP VIEW outer_v;", "DROP VIEW inner_v;",
                          "ALTER TABLE t ALTER COLUMN c TYPE uuid USING c::uuid;",
                          "CREATE VIEW inner_v AS\nSELECT c FROM t;",
                          "CREATE VIEW outer_v AS\nSELECT c FROM inner_v;", NULL};
    check_statements(&p, want);
    planned_free(&p);
}

/* Without what the views read, diff refuses rather than guess an order. */
static void test_views_need_their_dependencies_asked_first(void)
{
    planned p;
    plan_pair(&p, NULL, views_v1, false, NULL);
    CHECK(p.diff_status == -1);
    planned_free(&p);
}

static const char functions_v1[] =
    "schemac: 1\nname: s\n"
    "tables:\n  t:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
    "functions:\n"
    "  touch: { returns: trigger, language: plpgsql, body: \"BEGIN RETURN NEW; END\" }\n"
    "  two: { returns: integer, language: sql, body: SELECT 2 }\n"
    "triggers:\n"
    "  t_touch: { table: t, timing: before, events: [update], function: touch }\n";

/* A new body is CREATE OR REPLACE, which leaves the trigger running the
 * function alone; a new result type is a drop and a create. */
static void test_functions_are_replaced_or_recreated(void)
{
    char *body = strdup(functions_v1);
    memcpy(strstr(body, "SELECT 2"), "SELECT 3", 8);
    planned p;
    plan_pair(&p, functions_v1, body, false, NULL);
    const char *replaced[] = {
        "CREATE OR REPLACE FUNCTION two() RETURNS integer LANGUAGE sql AS $function$\n"
        "SELECT 3\n$function$;",
        NULL};
    check_statements(&p, replaced);
    planned_free(&p);
    free(body);

    char *result = strdup(functions_v1);
    char *at = strstr(result, "returns: trigger, language: plpgsql, body: \"BEGIN");
    memcpy(strstr(at, "RETURN NEW"), "RETURN OLD", 10);
    plan_pair(&p, functions_v1, result, false, NULL);
    const char *body_only[] = {
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $function$\n"
        "BEGIN RETURN OLD; END\n$function$;",
        NULL};
    check_statements(&p, body_only);
    planned_free(&p);
    free(result);

    char *signature = strdup(functions_v1);
    char *two = strstr(signature, "two: { returns: integer");
    memcpy(two, "two: { returns: bigint, ", 24);
    plan_pair(&p, functions_v1, signature, false, NULL);
    const char *recreated[] = {
        "DROP FUNCTION two;",
        "CREATE FUNCTION two() RETURNS bigint LANGUAGE sql AS $function$\nSELECT 2\n$function$;",
        NULL};
    check_statements(&p, recreated);
    planned_free(&p);
    free(signature);
}

/* A new generation expression drops and adds the column, with its hazard;
 * refused while a key uses the column. */
static void test_generated_expression_change_recreates_the_column(void)
{
    static const char v1[] = "schemac: 1\nname: shop\ntables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n"
                             "      a: integer\n      b: { type: integer, generated: \"a * 2\" }\n";
    static const char v2[] = "schemac: 1\nname: shop\ntables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n"
                             "      a: integer\n      b: { type: integer, generated: \"a * 3\" }\n";
    static const char v2_key[] = "schemac: 1\nname: shop\ntables:\n  t:\n    columns:\n"
                                 "      id: { type: integer, primary_key: true }\n      a: integer\n"
                                 "      b: { type: integer, generated: \"a * 3\", unique: true }\n";
    static const char v1_key[] = "schemac: 1\nname: shop\ntables:\n  t:\n    columns:\n"
                                 "      id: { type: integer, primary_key: true }\n      a: integer\n"
                                 "      b: { type: integer, generated: \"a * 2\", unique: true }\n";
    planned p;
    plan_pair(&p, v1, v2, false, NULL);
    static const char *const want[] = {
        "ALTER TABLE t DROP COLUMN b, ADD COLUMN b integer GENERATED ALWAYS AS (a * 3) STORED "
        "NOT NULL;",
        NULL};
    check_statements(&p, want);
    CHECK(has_hazard(find_statement(&p, "ALTER TABLE t DROP COLUMN b"), HAZARD_TABLE_REWRITE));
    planned_free(&p);
    plan_pair(&p, v1_key, v2_key, false, NULL);
    CHECK(p.diff_status < 0);
    planned_free(&p);
}

/* Domains: options are altered in place; a new type rebuilds the domain. */
static void test_domain_changes_alter_or_rebuild(void)
{
    static const char v1[] = "schemac: 1\nname: shop\ndomains:\n  qty: integer\n"
                             "  code: varchar(5)\ntables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n      c: code\n";
    static const char v2[] = "schemac: 1\nname: shop\ndomains:\n"
                             "  qty: { type: integer, default: 1, not_null: true }\n"
                             "  code: text\ntables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n      c: code\n";
    planned p;
    plan_pair(&p, v1, v2, false, NULL);
    static const char *const want[] = {
        "ALTER DOMAIN qty SET DEFAULT 1;",
        "ALTER DOMAIN code RENAME TO code__schemac_old;",
        "CREATE DOMAIN code AS text;",
        "ALTER TABLE t ALTER COLUMN c DROP DEFAULT, ALTER COLUMN c TYPE code USING c::text::code;",
        "ALTER DOMAIN qty SET NOT NULL;",
        "DROP DOMAIN code__schemac_old;",
        NULL};
    check_statements(&p, want);
    CHECK(has_hazard(find_statement(&p, "ALTER DOMAIN qty SET NOT NULL"), HAZARD_SET_NOT_NULL));
    planned_free(&p);
}

/* A domain renamed and moved is moved, then renamed, in place: its
 * columns are not touched; a check it drops goes under the old name. */
static void test_domain_moves_and_renames_in_place(void)
{
    static const char v1[] = "schemac: 1\nname: shop\ndomains:\n"
                             "  cents: { namespace: billing, type: bigint, checks: { pos: VALUE > 0 } }\n"
                             "tables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n      c: billing.cents\n";
    static const char v2[] = "schemac: 1\nname: shop\ndomains:\n"
                             "  amount: { namespace: money, type: bigint, renamed_from: billing.cents }\n"
                             "tables:\n  t:\n    columns:\n"
                             "      id: { type: integer, primary_key: true }\n      c: money.amount\n";
    planned p;
    plan_pair(&p, v1, v2, false, NULL);
    static const char *const want[] = {
        "ALTER DOMAIN billing.cents DROP CONSTRAINT pos;",
        "CREATE SCHEMA IF NOT EXISTS money;",
        "ALTER DOMAIN billing.cents SET SCHEMA money;",
        "ALTER DOMAIN money.cents RENAME TO amount;",
        "DROP SCHEMA billing;",
        NULL};
    check_statements(&p, want);
    planned_free(&p);
}

/* Extensions come first and go last; the drop carries its hazard. */
static void test_extensions_are_created_first_and_dropped_last(void)
{
    static const char v1[] = "schemac: 1\nname: shop\nextensions: [citext]\ntables:\n  t:\n"
                             "    columns:\n      id: { type: integer, primary_key: true }\n"
                             "      e: citext\n";
    planned p;
    plan_pair(&p, NULL, v1, false, NULL);
    CHECK(p.plan.n > 0 && !strcmp(p.plan.stmts[0].sql, "CREATE EXTENSION IF NOT EXISTS citext;"));
    planned_free(&p);
    plan_pair(&p, NULL, v1, true, NULL);
    CHECK(p.plan.n > 0 && !strcmp(p.plan.stmts[p.plan.n - 1].sql, "DROP EXTENSION IF EXISTS citext;"));
    CHECK(p.plan.n > 0 && has_hazard(&p.plan.stmts[p.plan.n - 1], HAZARD_DROP_EXTENSION));
    planned_free(&p);
}


/* ---- partitions ---- */

static const char measures_v1[] =
    "schemac: 1\nname: lab\ntables:\n"
    "  sensors:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
    "  readings:\n    columns:\n      id: bigint\n      day: date\n"
    "      sensor_id: { type: bigint, references: sensors.id }\n"
    "    primary_key: [id, day]\n"
    "    partition_by: { range: [day] }\n    partitions:\n"
    "      readings_2024: { from: [2024-01-01], to: [2025-01-01] }\n"
    "      readings_2025: { from: [2025-01-01], to: [2026-01-01] }\n"
    "  flags:\n    columns:\n      reading_id: bigint\n      reading_day: date\n"
    "      note: text\n    primary_key: [reading_id, reading_day]\n"
    "    foreign_keys:\n      - { columns: [reading_id, reading_day], references: "
    "\"readings(id, day)\" }\n";

/* `yaml` with its first `find` replaced by `by`; caller frees. */
static char *edited(const char *yaml, const char *find, const char *by)
{
    const char *at = strstr(yaml, find);
    CHECK(at != NULL);
    if (!at)
        return strdup(yaml);
    size_t head = (size_t)(at - yaml), nfind = strlen(find), nby = strlen(by);
    char *out = malloc(strlen(yaml) - nfind + nby + 1);
    memcpy(out, yaml, head);
    memcpy(out + head, by, nby);
    strcpy(out + head + nby, at + nfind);
    return out;
}

static void test_partitioned_table_is_created_with_its_partitions(void)
{
    planned p;
    plan_pair(&p, NULL, measures_v1, false, NULL);
    const plan_stmt *parent = find_statement(&p, "CREATE TABLE readings (");
    const plan_stmt *child = find_statement(&p, "CREATE TABLE readings_2024 PARTITION OF");
    CHECK(parent && strstr(parent->sql, "\n) PARTITION BY RANGE (day);"));
    CHECK(child && !strcmp(child->sql, "CREATE TABLE readings_2024 PARTITION OF readings FOR "
                                       "VALUES FROM ('2024-01-01') TO ('2025-01-01');"));
    CHECK(parent && child && parent < child);
    CHECK(child && child->nhazards == 0);
    planned_free(&p);
}

static void test_removed_partition_is_detached_and_dropped_as_destructive(void)
{
    planned p;
    char *v2 = edited(measures_v1,
                      "      readings_2025: { from: [2025-01-01], to: [2026-01-01] }\n", "");
    plan_pair(&p, measures_v1, v2, false, NULL);
    /* The foreign key to the partitioned table would refuse the detach. */
    check_statements(&p, (const char *const[]){
                             "ALTER TABLE flags DROP CONSTRAINT flags_reading_id_reading_day_fkey;",
                             "ALTER TABLE readings DETACH PARTITION readings_2025;",
                             "ALTER TABLE flags ADD CONSTRAINT flags_reading_id_reading_day_fkey "
                             "FOREIGN KEY (reading_id, reading_day) REFERENCES readings (id, day) "
                             "NOT VALID;",
                             "ALTER TABLE flags VALIDATE CONSTRAINT "
                             "flags_reading_id_reading_day_fkey;",
                             "DROP TABLE readings_2025;", NULL});
    CHECK(has_hazard(find_statement(&p, "DROP TABLE readings_2025"), HAZARD_DROP_PARTITION));
    CHECK(plan_is_destructive(&p.plan));
    planned_free(&p);
    /* Down: created again, empty, on the existing parent. */
    plan_pair(&p, measures_v1, v2, true, NULL);
    const plan_stmt *s = find_statement(&p, "CREATE TABLE readings_2025 PARTITION OF readings");
    CHECK(has_hazard(s, HAZARD_ATTACH_PARTITION));
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
    free(v2);
}

static void test_changed_bound_detaches_and_attaches_the_same_table(void)
{
    planned p;
    char *v2 = edited(measures_v1, "to: [2026-01-01]", "to: [2027-01-01]");
    plan_pair(&p, measures_v1, v2, false, NULL);
    const plan_stmt *detach = find_statement(&p, "ALTER TABLE readings DETACH PARTITION "
                                                 "readings_2025;");
    const plan_stmt *attach = find_statement(
        &p, "ALTER TABLE readings ATTACH PARTITION readings_2025 FOR VALUES FROM ('2025-01-01') "
            "TO ('2027-01-01');");
    CHECK(detach && attach && detach < attach);
    CHECK(has_hazard(attach, HAZARD_ATTACH_PARTITION));
    CHECK(!find_statement(&p, "DROP TABLE"));
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
    free(v2);
}

static void test_keys_and_indexes_on_an_existing_partitioned_table(void)
{
    char *v2 = edited(measures_v1, "    primary_key: [id, day]\n",
                      "      code: { type: text, nullable: true }\n"
                      "    primary_key: [id, day]\n    unique: [[code, day]]\n"
                      "    indexes:\n      - columns: [code]\n");
    plan_options o = PLAN_OPTIONS_INIT;
    o.concurrent_indexes = true;
    planned p;
    plan_pair(&p, measures_v1, v2, false, &o);
    free(v2);
    /* No USING INDEX and no CONCURRENTLY on a partitioned table. */
    const plan_stmt *key = find_statement(
        &p, "ALTER TABLE readings ADD CONSTRAINT readings_code_day_key UNIQUE (code, day);");
    CHECK(has_hazard(key, HAZARD_UNIQUE_BUILD));
    const plan_stmt *ix = find_statement(&p, "CREATE INDEX readings_code_idx ON readings (code);");
    CHECK(ix && ix->transactional && has_hazard(ix, HAZARD_INDEX_BUILD));
    CHECK(!find_statement(&p, "CREATE UNIQUE INDEX"));
    planned_free(&p);
}

static void test_changed_partitioning_is_refused(void)
{
    char *ranged = edited(measures_v1, "{ range: [day] }", "{ hash: [day] }");
    char *v2 = edited(ranged, "      readings_2024: { from: [2024-01-01], to: [2025-01-01] }\n"
                              "      readings_2025: { from: [2025-01-01], to: [2026-01-01] }\n",
                      "      readings_0: { modulus: 1, remainder: 0 }\n");
    free(ranged);
    planned p;
    plan_pair(&p, measures_v1, v2, false, NULL);
    CHECK(p.diff_status < 0);
    planned_free(&p);
    free(v2);
}

/* ---- namespaces ---- */

static const char two_accounts[] =
    "schemac: 1\nname: saas\ntables:\n"
    "  accounts:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
    "  wallets:\n    namespace: billing\n    columns:\n"
    "      id: { type: bigint, primary_key: true }\n"
    "      owner_id: { type: bigint, references: public.accounts.id }\n";

static void test_namespace_is_created_first_and_its_sql_qualified(void)
{
    planned p;
    plan_pair(&p, NULL, two_accounts, false, NULL);
    CHECK(p.plan.n > 0 && !strcmp(p.plan.stmts[0].sql, "CREATE SCHEMA IF NOT EXISTS billing;"));
    const plan_stmt *t = find_statement(&p, "CREATE TABLE billing.wallets (");
    CHECK(t && strstr(t->sql, "REFERENCES accounts (id)"));
    CHECK(find_statement(&p, "CREATE INDEX wallets_owner_id_idx ON billing.wallets (owner_id);"));
    planned_free(&p);
}

static void test_emptied_namespace_is_dropped_last_with_a_hazard(void)
{
    planned p;
    plan_pair(&p, two_accounts,
              "schemac: 1\nname: saas\ntables:\n"
              "  accounts:\n    columns:\n      id: { type: bigint, primary_key: true }\n",
              false, NULL);
    const plan_stmt *last = p.plan.n ? &p.plan.stmts[p.plan.n - 1] : NULL;
    CHECK(last && !strcmp(last->sql, "DROP SCHEMA billing;"));
    CHECK(has_hazard(last, HAZARD_DROP_NAMESPACE));
    CHECK(has_hazard(find_statement(&p, "DROP TABLE billing.wallets;"), HAZARD_DROP_TABLE));
    planned_free(&p);
}

static void test_same_name_in_another_namespace_is_another_table(void)
{
    /* wallets moves from billing to public: nothing is moved by accident;
     * the plan says it drops one table and creates another. */
    planned p;
    plan_pair(&p, two_accounts,
              "schemac: 1\nname: saas\ntables:\n"
              "  accounts:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
              "  wallets:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
              "      owner_id: { type: bigint, references: accounts.id }\n",
              false, NULL);
    CHECK(find_statement(&p, "CREATE TABLE wallets ("));
    CHECK(has_hazard(find_statement(&p, "DROP TABLE billing.wallets;"), HAZARD_DROP_TABLE));
    CHECK(plan_is_destructive(&p.plan));
    CHECK(!find_statement(&p, "ALTER TABLE billing.wallets RENAME"));
    planned_free(&p);
    /* Renamed inside its namespace: a rename of the qualified table. */
    plan_pair(&p, two_accounts,
              "schemac: 1\nname: saas\ntables:\n"
              "  accounts:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
              "  purses:\n    namespace: billing\n    renamed_from: wallets\n    columns:\n"
              "      id: { type: bigint, primary_key: true }\n"
              "      owner_id: { type: bigint, references: public.accounts.id }\n",
              false, NULL);
    CHECK(find_statement(&p, "ALTER TABLE billing.wallets RENAME TO purses;"));
    CHECK(!plan_is_destructive(&p.plan));
    planned_free(&p);
}

int main(void)
{
    test_a_retyped_column_recreates_the_views_over_it_in_order();
    test_views_need_their_dependencies_asked_first();
    test_functions_are_replaced_or_recreated();
    test_generated_expression_change_recreates_the_column();
    test_domain_changes_alter_or_rebuild();
    test_domain_moves_and_renames_in_place();
    test_extensions_are_created_first_and_dropped_last();
    test_dropping_a_table_is_destructive();
    test_adding_a_nullable_column_is_not_destructive();
    test_foreign_key_on_existing_table_is_added_not_valid_then_validated();
    test_unique_key_on_existing_table_builds_index_then_attaches_it();
    test_index_on_existing_table_blocks_writes_unless_concurrent();
    test_enum_values_are_added_before_their_right_neighbour();
    test_removing_an_enum_value_rebuilds_the_type();
    test_fk_cycle_among_new_tables_creates_both_then_adds_the_forward_key();
    test_new_table_references_a_key_added_in_the_same_plan();
    test_renamed_from_renames_and_never_drops();
    test_down_diff_undoes_renames();
    test_stale_renamed_from_is_ignored();
    test_ambiguous_renamed_from_is_an_error();
    test_two_objects_renamed_from_one_name_is_an_error();
    test_narrowing_to_varchar_fails_rather_than_truncates();
    test_timestamptz_to_timestamp_is_a_narrowing();
    test_turning_soft_delete_off_flags_and_counts_revived_rows();
    test_serial_to_identity_continues_the_sequence();
    test_reordered_unique_key_is_rebuilt_and_its_foreign_keys_too();
    test_same_definition_under_a_new_name_is_renamed();
    test_enum_replaced_by_table_of_its_name_is_set_aside();
    test_new_enum_value_used_in_the_same_plan_is_flagged();
    test_only_a_volatile_default_rewrites_the_table();
    test_every_hazard_has_a_name_an_explanation_and_a_doc_entry();
    test_index_elements_are_written_in_postgresql_order();
    test_changed_index_option_drops_and_rebuilds_the_index();
    test_expression_index_over_a_retyped_column_is_rebuilt();
    test_changed_fk_deferrability_alters_the_constraint();
    test_changed_unique_key_options_drop_and_add_the_key();
    test_match_full_is_written_before_the_actions();
    test_exclusion_on_existing_table_is_one_statement_with_a_hazard();
    test_derived_exclusion_name_follows_a_table_rename();
    test_partitioned_table_is_created_with_its_partitions();
    test_removed_partition_is_detached_and_dropped_as_destructive();
    test_changed_bound_detaches_and_attaches_the_same_table();
    test_keys_and_indexes_on_an_existing_partitioned_table();
    test_changed_partitioning_is_refused();
    test_namespace_is_created_first_and_its_sql_qualified();
    test_emptied_namespace_is_dropped_last_with_a_hazard();
    test_same_name_in_another_namespace_is_another_table();
    return check_report();
}
