/* Tests for validate: the derived facts later stages rely on (timestamp
 * and soft-delete columns, PostgreSQL-style names, FK indexes, C names,
 * resolved references) and the literal checks of validate_default. */
#include <stdlib.h>

#include "check.h"
#include "load.h"
#include "validate.h"

typedef struct checked {
    diag d;
    ir_schema *s;
    int rc;
    char *out;
} checked;

static void check_text(checked *c, const char *text)
{
    diag_init(&c->d);
    diag_add_source(&c->d, "t.yaml", text, strlen(text));
    c->s = load_text(NULL, "t.yaml", text, strlen(text), &c->d);
    c->rc = c->s ? validate_schema(c->s, &c->d) : -1;
    size_t len = 0;
    FILE *f = open_memstream(&c->out, &len);
    diag_render(&c->d, f, false);
    fclose(f);
}

static void done(checked *c)
{
    free(c->out);
    ir_schema_free(c->s);
    diag_free(&c->d);
}

static bool has(const checked *c, const char *text) { return strstr(c->out, text) != NULL; }

static ir_index *index_on(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (!strcmp(t->indexes[i]->name, name))
            return t->indexes[i];
    return NULL;
}

static void test_timestamps_add_columns_after_the_users_own(void)
{
    checked c;
    check_text(&c,
               "schemac: 1\nname: x\ntables:\n  t:\n    timestamps: true\n"
               "    soft_delete: true\n    columns:\n      id: { type: int, primary_key: true }\n"
               "      name: text\n");
    CHECK_INT(c.rc, 0);
    ir_table *t = c.s->tables[0];
    CHECK_INT(t->ncolumns, 5);
    static const char *const names[] = {"id", "name", "created_at", "updated_at", "deleted_at"};
    for (size_t i = 0; i < 5; i++) {
        CHECK_STR(t->columns[i]->name, names[i]);
        CHECK_INT(t->columns[i]->index, i);
    }
    for (size_t i = 2; i < 4; i++) {
        ir_column *col = t->columns[i];
        CHECK_INT(col->origin, IR_ORIGIN_TIMESTAMPS);
        CHECK_INT(col->type.kind, IR_TIMESTAMPTZ);
        CHECK(!col->nullable);
        CHECK_INT(col->def.kind, IR_DEFAULT_SQL);
        CHECK_STR(col->def.text, "now()");
    }
    ir_column *deleted = t->columns[4];
    CHECK_INT(deleted->origin, IR_ORIGIN_SOFT_DELETE);
    CHECK(deleted->nullable);
    CHECK_INT(deleted->def.kind, IR_DEFAULT_NONE);
    CHECK(ir_find_column(t, "deleted_at") == deleted);
    done(&c);
}

static void test_derived_column_clashing_with_a_users_column_is_reported(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\ntables:\n  t:\n    timestamps: true\n    columns:\n"
                   "      id: { type: int, primary_key: true }\n      updated_at: timestamptz\n");
    CHECK_INT(c.rc, -1);
    CHECK(has(&c, "t.yaml:8:7: error: column `updated_at` of table `t` is also added by "
                  "`timestamps: true`"));
    done(&c);
}

static void test_constraints_get_postgresql_names(void)
{
    checked c;
    check_text(
        &c, "schemac: 1\nname: x\ntables:\n"
            "  users:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
            "      email: { type: text, unique: true }\n      a: int\n      b: int\n"
            "    unique: [[a, b]]\n"
            "  posts:\n    columns:\n      id: { type: bigserial, primary_key: true }\n"
            "      author_id: { type: bigint, references: users.id }\n"
            "      ed: { type: bigint, references: users.id }\n"
            "      seq: { type: int, identity: true }\n"
            "    foreign_keys:\n"
            "      - { columns: [ed], references: \"users(id)\", name: posts_editor_fk }\n"
            "    indexes:\n      - { columns: [ed] }\n      - { columns: [seq], name: by_seq }\n");
    CHECK_INT(c.rc, 0);
    ir_table *u = ir_find_table(c.s, "users"), *p = ir_find_table(c.s, "posts");
    CHECK_STR(u->primary_key->name, "users_pkey");
    CHECK_STR(u->uniques[0]->name, "users_email_key");
    CHECK_STR(u->uniques[1]->name, "users_a_b_key");
    CHECK_STR(p->fks[0]->name, "posts_author_id_fkey");
    CHECK_STR(p->fks[1]->name, "posts_ed_fkey");
    CHECK_STR(p->fks[2]->name, "posts_editor_fk");
    CHECK(p->fks[0]->ref_table == u);
    CHECK(p->fks[0]->ref_cols[0] == ir_find_column(u, "id"));
    CHECK(p->fks[0]->cols[0] == ir_find_column(p, "author_id"));
    CHECK(index_on(p, "posts_ed_idx") != NULL);
    CHECK(index_on(p, "by_seq") != NULL);
    done(&c);
}

static void test_long_names_are_cut_like_postgresql_does(void)
{
    char text[600];
    char t60[61];
    memset(t60, 't', 60), t60[60] = '\0';
    snprintf(text, sizeof text,
             "schemac: 1\nname: x\ntables:\n  p:\n    columns:\n"
             "      id: { type: int, primary_key: true }\n"
             "  %s:\n    columns:\n      id: { type: int, primary_key: true }\n"
             "      cccccccccc: { type: int, references: p.id }\n",
             t60);
    checked c;
    check_text(&c, text);
    CHECK_INT(c.rc, 0);
    ir_table *t = c.s->tables[1];
    char want[64];
    snprintf(want, sizeof want, "%.58s_pkey", t60);
    CHECK_STR(t->primary_key->name, want);
    snprintf(want, sizeof want, "%.47s_cccccccccc_fkey", t60);
    CHECK_STR(t->fks[0]->name, want);
    snprintf(want, sizeof want, "%.48s_cccccccccc_idx", t60);
    CHECK_STR(t->indexes[0]->name, want);
    CHECK_INT(strlen(t->indexes[0]->name), 63);
    done(&c);
}

static void test_foreign_keys_get_an_index_unless_one_leads_with_their_columns(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\ntables:\n"
                   "  a:\n    columns:\n      id: { type: int, primary_key: true }\n"
                   "  link:\n    primary_key: [a1, a2]\n    columns:\n"
                   "      a1: { type: int, references: a.id }\n"   /* leads the primary key */
                   "      a2: { type: int, references: a.id }\n"   /* second in it: indexed */
                   "      u1: { type: int, references: a.id }\n"   /* leads a unique key */
                   "      u2: int\n"
                   "      i1: { type: int, references: a.id }\n"   /* leads a btree index */
                   "      i2: int\n"
                   "      h1: { type: int, references: a.id }\n"   /* hash on it: covered */
                   "      w1: { type: int, references: a.id }\n"   /* only partial: indexed */
                   "      s1: { type: int, unique: true, references: a.id }\n" /* unique: covered */
                   "    unique: [[u1, u2]]\n"
                   "    indexes:\n"
                   "      - { columns: [i1, i2] }\n"
                   "      - { columns: [h1], using: hash }\n"
                   "      - { columns: [w1], where: \"w1 > 0\", name: w1_positive }\n");
    CHECK_INT(c.rc, 0);
    ir_table *t = ir_find_table(c.s, "link");
    size_t fk_indexes = 0;
    for (size_t i = 0; i < t->nindexes; i++)
        fk_indexes += t->indexes[i]->for_fk;
    CHECK_INT(fk_indexes, 2);
    CHECK(index_on(t, "link_a2_idx") && index_on(t, "link_a2_idx")->for_fk);
    CHECK(index_on(t, "link_h1_idx") && !index_on(t, "link_h1_idx")->for_fk);
    ir_index *w = NULL;
    for (size_t i = 0; i < t->nindexes; i++)
        if (t->indexes[i]->for_fk && !strcmp(t->indexes[i]->columns.names[0], "w1"))
            w = t->indexes[i];
    CHECK(w != NULL);
    /* User indexes keep their place before the derived ones. */
    CHECK(!t->indexes[0]->for_fk && t->indexes[t->nindexes - 1]->for_fk);
    done(&c);
}

static void test_a_derived_fk_index_name_taken_by_a_users_index_is_an_error(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\ntables:\n"
                   "  a:\n    columns:\n      id: { type: int, primary_key: true }\n"
                   "  b:\n    columns:\n      id: { type: int, primary_key: true }\n"
                   "      a_id: { type: int, references: a.id }\n"
                   "      z: int\n"
                   "    indexes:\n      - { columns: [z], name: b_a_id_idx }\n");
    CHECK_INT(c.rc, -1);
    CHECK(has(&c, "error: foreign key index `b_a_id_idx` has the same name as an index"));
    done(&c);
    /* A partial index does not serve the FK, and takes the derived name. */
    check_text(&c, "schemac: 1\nname: x\ntables:\n"
                   "  a:\n    columns:\n      id: { type: int, primary_key: true }\n"
                   "  b:\n    columns:\n      id: { type: int, primary_key: true }\n"
                   "      a_id: { type: int, references: a.id }\n"
                   "    indexes:\n      - { columns: [a_id], where: \"a_id > 0\" }\n");
    CHECK_INT(c.rc, -1);
    CHECK(has(&c, "t.yaml:10:38: error: foreign key index `b_a_id_idx` has the same name as an "
                  "index\n"));
    CHECK(has(&c, "hint: index these columns yourself under `indexes:` with a `name`"));
    CHECK(has(&c, "t.yaml:12:9: note: the other `b_a_id_idx`"));
    done(&c);
}

static void test_c_names_are_mangled_and_checked(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\nenums:\n  post-state: [in-progress, done]\n"
                   "tables:\n  user accounts:\n    columns:\n"
                   "      id: { type: int, primary_key: true }\n      int: int\n"
                   "      2fa: boolean\n      state: post-state\n");
    CHECK_INT(c.rc, 0);
    CHECK_STR(c.s->enums[0]->c_name, "post_state");
    CHECK_STR(c.s->enums[0]->values[0].c_name, "IN_PROGRESS");
    ir_table *t = c.s->tables[0];
    CHECK_STR(t->c_name, "user_accounts");
    CHECK_STR(ir_find_column(t, "int")->c_name, "int_");
    CHECK_STR(ir_find_column(t, "2fa")->c_name, "_2fa");
    CHECK(ir_find_column(t, "state")->type.enum_type == c.s->enums[0]);
    done(&c);
}

static void test_every_error_is_reported_not_just_the_first(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\ntables:\n  t:\n    columns:\n"
                   "      id: { type: int, primary_key: true, nullable: true }\n"
                   "      a: { type: smallint, default: 99999 }\n"
                   "      b: { type: integr }\n"
                   "      c: { type: text, references: nowhere.id }\n"
                   "    indexes:\n      - { columns: [zz] }\n"
                   "  u:\n    columns:\n      x: int\n");
    CHECK_INT(c.rc, -1);
    CHECK_INT(c.d.errors, 6);
    CHECK(has(&c, "primary key column `id` cannot be nullable"));
    CHECK(has(&c, "default `99999` for column `a` is not a smallint"));
    CHECK(has(&c, "unknown type `integr`"));
    CHECK(has(&c, "foreign key references unknown table `nowhere`"));
    CHECK(has(&c, "index names unknown column `zz` of table `t`"));
    CHECK(has(&c, "table `u` has no primary key"));
    done(&c);
}

static void test_tables_that_did_not_load_do_not_crash_validation(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\ntables:\n  a: [x]\n  b: {}\n  c:\n    columns: {}\n"
                   "  d:\n    columns:\n      id: { type: [int], primary_key: true, default: x }\n"
                   "      e: { type: int, references: a.id }\n");
    CHECK_INT(c.rc, -1);
    /* Only the load errors and the reference to a table without columns. */
    CHECK(!has(&c, "has no primary key"));
    CHECK(!has(&c, "default `x`"));
    CHECK(has(&c, "foreign key names unknown column `id` of table `a`"));
    done(&c);
}

typedef struct default_case {
    const char *type;
    const char *text;
    bool quoted;
    const char *why; /* NULL: accepted; else a part of the reason */
} default_case;

static const default_case default_cases[] = {
    {"smallint", "32767", false, NULL},
    {"smallint", "-32768", false, NULL},
    {"smallint", "32768", false, "not a smallint"},
    {"integer", "2147483647", false, NULL},
    {"integer", "2147483648", false, "not an integer"},
    {"integer", "1.0", false, "not an integer"},
    {"integer", "", false, "not an integer"},
    {"bigint", "-9223372036854775808", false, NULL},
    {"bigint", "9223372036854775808", false, "not a bigint"},
    {"serial", "1", false, "serial columns take their default"},
    {"real", "1.5e3", false, NULL},
    {"double precision", "NaN", false, NULL},
    {"double precision", "-Infinity", false, NULL},
    {"real", "fast", false, "not a floating-point number"},
    {"numeric", "123456789.123456789", false, NULL},
    {"numeric", "1e5", false, NULL},
    {"numeric", "NaN", false, NULL},
    {"numeric", "1.2.3", false, "not a decimal number"},
    {"numeric", "e5", false, "not a decimal number"},
    {"numeric(5,2)", "999.99", false, NULL},
    {"numeric(5,2)", "-0001.5", false, NULL},
    {"numeric(5,2)", "1.250", false, NULL},
    {"numeric(5,2)", "1000", false, "more than 3 digits before"},
    {"numeric(5,2)", "1.255", false, "more than 2 digits after"},
    {"numeric(5,2)", "1.5e2", false, NULL},
    {"numeric(5,2)", "1.5e3", false, "more than 3 digits before"},
    {"numeric(5,2)", "15e-3", false, "more than 2 digits after"},
    {"numeric(3)", "0.0", false, NULL},
    {"boolean", "true", false, NULL},
    {"boolean", "FALSE", false, NULL},
    {"boolean", "true", true, "quoted"},
    {"boolean", "yes", false, "not a boolean"},
    {"text", "", true, NULL},
    {"text", "anything (at all)", false, NULL},
    {"varchar(3)", "\xc3\xa9\xc3\xa9\xc3\xa9", true, NULL},
    {"varchar(3)", "abcd", true, "longer than 3 characters"},
    {"char(2)", "ab", false, NULL},
    {"date", "2024-02-29", false, NULL},
    {"date", "2024-13-01", false, "not a date"},
    {"date", "infinity", false, NULL},
    {"date", "today", false, "CURRENT_DATE"},
    {"time", "23:59:59.999", false, NULL},
    {"time", "7:30", false, "not a time"},
    {"timestamp", "2024-01-02 03:04:05", false, NULL},
    {"timestamp", "2024-01-02T03:04", false, NULL},
    {"timestamp", "2024-01-02 03:04:05+01", false, "not a timestamp"},
    {"timestamptz", "2024-01-02 03:04:05+01:00", false, NULL},
    {"timestamptz", "2024-01-02 03:04:05Z", false, NULL},
    {"timestamptz", "now", false, "now()"},
    {"timestamptz", "epoch", false, NULL},
    {"interval", "1 day", false, NULL},
    {"uuid", "123e4567-e89b-12d3-a456-426614174000", false, NULL},
    {"uuid", "123e4567e89b12d3a456426614174000", false, "not a UUID"},
    {"json", "{\"a\": [1, 2.5e3, true, null, \"\\u00e9\"]}", true, NULL},
    {"jsonb", "{\"a\" 1}", true, "not valid JSON"},
    {"jsonb", "[1] [2]", true, "not valid JSON"},
    {"bytea", "\\xDEADbeef", true, NULL},
    {"bytea", "\\x0", true, "odd number"},
    {"bytea", "plain bytes", true, NULL},
};

static void test_literal_defaults_are_checked_against_their_type(void)
{
    arena a = ARENA_INIT;
    for (size_t i = 0; i < sizeof default_cases / sizeof *default_cases; i++) {
        const default_case *dc = &default_cases[i];
        ir_type t;
        const char *why = NULL;
        CHECK_INT(ir_type_parse(dc->type, &t, &why), 0);
        ir_default def = {IR_DEFAULT_LITERAL, dc->text, dc->quoted, {0}};
        const char *got = validate_default(&a, &t, &def);
        if (!dc->why ? got != NULL : !got || !strstr(got, dc->why)) {
            fprintf(stderr, "default case %zu (%s, `%s`): got %s, want %s\n", i, dc->type,
                    dc->text, got ? got : "ok", dc->why ? dc->why : "ok");
            check_failed++;
        } else {
            check_passed++;
        }
    }
    arena_free(&a);
}

static void test_enum_defaults_must_be_values_of_the_enum(void)
{
    checked c;
    check_text(&c, "schemac: 1\nname: x\nenums:\n  s: [draft, live]\ntables:\n  t:\n    columns:\n"
                   "      id: { type: int, primary_key: true }\n"
                   "      a: { type: s, default: live }\n      b: { type: s, default: drafts }\n");
    CHECK_INT(c.d.errors, 1);
    CHECK(
        has(&c, "t.yaml:10:30: error: default `drafts` for column `b` is not a value of enum `s`"));
    CHECK(has(&c, "hint: did you mean `draft`?"));
    done(&c);
}

int main(void)
{
    test_timestamps_add_columns_after_the_users_own();
    test_derived_column_clashing_with_a_users_column_is_reported();
    test_constraints_get_postgresql_names();
    test_long_names_are_cut_like_postgresql_does();
    test_foreign_keys_get_an_index_unless_one_leads_with_their_columns();
    test_a_derived_fk_index_name_taken_by_a_users_index_is_an_error();
    test_c_names_are_mangled_and_checked();
    test_every_error_is_reported_not_just_the_first();
    test_tables_that_did_not_load_do_not_crash_validation();
    test_literal_defaults_are_checked_against_their_type();
    test_enum_defaults_must_be_values_of_the_enum();
    return check_report();
}
