/* Tests for emit: the canonical form of a schema, and scalars that read
 * back as the same text, whatever characters they hold. */
#include <stdlib.h>

#include "check.h"
#include "emit.h"
#include "ir_objects.h"
#include "load.h"
#include "validate.h"
#include "ydoc.h"

/* Loads and validates `text`; the caller frees the schema. */
static ir_schema *load_valid(const char *text)
{
    diag d;
    diag_init(&d);
    diag_add_source(&d, "t.yaml", text, strlen(text));
    ir_schema *s = load_text(NULL, "t.yaml", text, strlen(text), &d);
    if (s && validate_schema(s, &d) < 0) {
        ir_schema_free(s);
        s = NULL;
    }
    if (diag_has_errors(&d))
        diag_render(&d, stderr, false);
    diag_free(&d);
    return s;
}

/* The text a lone scalar reads back as, via `k: SCALAR` (block) or
 * `[SCALAR]` (flow); NULL when it does not read back as one string. */
static char *read_back(const char *scalar_yaml, bool flow)
{
    buf doc = BUF_INIT;
    buf_printf(&doc, flow ? "[%s]\n" : "k: %s\n", scalar_yaml);
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    ynode *root = ydoc_parse(&a, "t.yaml", doc.data, doc.len, &d);
    char *text = NULL;
    const ynode *n = !root ? NULL : flow ? (root->n == 1 ? root->items[0] : NULL)
                                         : YNODE_VALUE(root, 0);
    bool b;
    if (n && n->kind == YNODE_SCALAR && !ynode_is_null(n) && ynode_bool(n, &b) < 0 &&
        strcmp(n->text, "<<") != 0)
        text = strdup(n->text);
    else if (n && n->kind == YNODE_SCALAR && !n->plain)
        text = strdup(n->text); /* quoted: "" and "true" are strings */
    arena_free(&a);
    diag_free(&d);
    buf_free(&doc);
    return text;
}

static const char *const awkward[] = {
    "", " ", "a", "true", "True", "FALSE", "null", "Null", "~", "<<", "1", "-1", "1.5", "1e3",
    "0x10", "-", "-a", "- a", "?", "? a", ":", "a:", "a: b", "a:b", "#", "a #b", "a#b", "&a",
    "*a", "!tag", "|", ">", "'", "\"", "%x", "@x", "`x", "a,b", "[a]", "{a}", "a]", "a}",
    "\t", "a\tb", "a\nb", "a\r\nb", "\\", "a\\nb", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
    "a\x7f", "\x01", "x\xc2\x85y", "x\xe2\x80\xa8y", "x\xe2\x80\xa9y", "x\xc2\x80y",
    "\xef\xbb\xbfx", "x\xef\xbf\xbe", "a  b", "---", "...", "a ", "yes", "no", "on", "off",
    "length(title) > 0", "'{}'::jsonb", "now()", "users(id)", "a: b # c",
    /* A leading "-5" is allowed plain; what follows must still be checked
     * (found by fuzz_load). */
    "-5", "-5a", "-5: x", "-5:", "-5 #c", "-5\x08", "-5\n6", "-5, 6", "-5 ",
};

static void test_scalars_read_back_as_the_same_text(void)
{
    for (size_t i = 0; i < sizeof awkward / sizeof *awkward; i++) {
        for (int flow = 0; flow < 2; flow++) {
            buf out = BUF_INIT;
            emit_scalar(&out, awkward[i], flow);
            char *back = read_back(buf_cstr(&out), flow);
            if (!back || strcmp(back, awkward[i]) != 0) {
                fprintf(stderr, "scalar %zu (%s): emitted as %s, read back as %s\n", i,
                        flow ? "flow" : "block", buf_cstr(&out), back ? back : "(not text)");
                check_failed++;
            } else {
                check_passed++;
            }
            free(back);
            buf_free(&out);
        }
    }
}

static void test_scalars_are_quoted_only_when_needed(void)
{
    static const struct {
        const char *text;
        bool flow;
        const char *want;
    } cases[] = {
        {"users", false, "users"},
        {"first name", false, "first name"},
        {"caf\xc3\xa9", false, "caf\xc3\xa9"},
        {"length(title) > 0", false, "length(title) > 0"},
        {"a,b", false, "a,b"},
        {"a,b", true, "\"a,b\""},
        {"numeric(10,2)", true, "\"numeric(10,2)\""},
        {"true", false, "\"true\""},
        {"1", false, "\"1\""},
        {"", false, "\"\""},
        {"<<", false, "\"<<\""},
        {"a: b", false, "\"a: b\""},
        {"say \"hi\"", false, "\"say \\\"hi\\\"\""},
        {"a\nb", false, "\"a\\nb\""},
        {"\x01", false, "\"\\x01\""},
        {"x\xe2\x80\xa8y", false, "\"x\\u2028y\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf out = BUF_INIT;
        emit_scalar(&out, cases[i].text, cases[i].flow);
        CHECK_STR(buf_cstr(&out), cases[i].want);
        buf_free(&out);
    }
}

static const char schema_text[] =
    "schemac: 1\n"
    "name: blog\n"
    "comment: \"Posts: and # comments\"\n"
    "enums:\n"
    "  status: [draft, published, \"in review\"]\n"
    "  role: { values: [admin], comment: Who }\n"
    "tables:\n"
    "  users:\n"
    "    soft_delete: true\n"
    "    timestamps: true\n"
    "    comment: People\n"
    "    columns:\n"
    "      email: { unique: true, type: character varying(255) }\n"
    "      id: { primary_key: true, identity: true, type: int8 }\n"
    "      age: { type: smallint, nullable: true, default: 18 }\n"
    "      code: { type: text, default: \"18\" }\n"
    "      flag: { type: bool, default: TRUE }\n"
    "      role: { type: role, default: admin, renamed_from: kind }\n"
    "      total: { type: \"decimal(10,2)\", default_sql: \"0\" }\n"
    "    indexes:\n"
    "      - columns: email\n"
    "        using: hash\n"
    "      - { name: by_age, where: \"age > 18\", columns: [age, code] }\n"
    "  posts:\n"
    "    checks:\n"
    "      titled: \"length(title) > 0\"\n"
    "    primary_key: [author, title]\n"
    "    unique: [[title, editor]]\n"
    "    columns:\n"
    "      author: { type: bigint, references: \"users(id)\", on_delete: cascade }\n"
    "      title: text\n"
    "      editor: { type: bigint, nullable: true }\n"
    "    foreign_keys:\n"
    "      - { columns: [editor], references: users.id, on_delete: set_null, name: ed_fk }\n";

static const char canonical[] =
    "schemac: 1\n"
    "name: blog\n"
    "comment: \"Posts: and # comments\"\n"
    "enums:\n"
    "  status: [draft, published, in review]\n"
    "  role:\n"
    "    values: [admin]\n"
    "    comment: Who\n"
    "tables:\n"
    "  users:\n"
    "    comment: People\n"
    "    timestamps: true\n"
    "    soft_delete: true\n"
    "    columns:\n"
    "      email: { type: varchar(255), unique: true }\n"
    "      id: { type: bigint, primary_key: true, identity: true }\n"
    "      age: { type: smallint, nullable: true, default: 18 }\n"
    "      code: { type: text, default: \"18\" }\n"
    "      flag: { type: boolean, default: TRUE }\n"
    "      role: { type: role, default: admin, renamed_from: kind }\n"
    "      total: { type: \"numeric(10,2)\", default_sql: \"0\" }\n"
    "    indexes:\n"
    "      - { columns: [email], using: hash }\n"
    "      - { columns: [age, code], where: \"age > 18\", name: by_age }\n"
    "  posts:\n"
    "    columns:\n"
    "      author: { type: bigint, references: users.id, on_delete: cascade }\n"
    "      title: text\n"
    "      editor: { type: bigint, nullable: true }\n"
    "    primary_key: [author, title]\n"
    "    unique: [[title, editor]]\n"
    "    checks:\n"
    "      titled: \"length(title) > 0\"\n"
    "    foreign_keys:\n"
    "      - { columns: [editor], references: users.id, on_delete: set_null, name: ed_fk }\n";

static void test_emits_the_canonical_form(void)
{
    ir_schema *s = load_valid(schema_text);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), canonical);
    buf_free(&out);
    ir_schema_free(s);
}

static void test_emitting_the_canonical_form_changes_nothing(void)
{
    ir_schema *s = load_valid(canonical);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), canonical);
    buf_free(&out);
    ir_schema_free(s);
}

static void test_keys_that_cannot_be_inline_stay_at_the_table(void)
{
    /* Not valid (the keys name unknown or derived columns), but fmt
     * formats such files and must not lose anything. */
    const char *text = "schemac: 1\nname: x\ntables:\n  t:\n    timestamps: true\n"
                       "    primary_key: [idd]\n    columns:\n      id: int\n"
                       "      a: { type: int, unique: true }\n"
                       "    unique: [a, created_at]\n"
                       "    foreign_keys:\n      - { columns: [a], references: \"u(x, y)\" }\n";
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "t.yaml", text, strlen(text), &d);
    validate_schema(s, &d);
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), "schemac: 1\nname: x\ntables:\n  t:\n    timestamps: true\n"
                              "    columns:\n      id: integer\n"
                              "      a: { type: integer, unique: true }\n"
                              "    primary_key: [idd]\n"
                              "    unique: [[a], [created_at]]\n"
                              "    foreign_keys:\n"
                              "      - { columns: [a], references: \"u(x, y)\" }\n");
    buf_free(&out);
    ir_schema_free(s);
    diag_free(&d);
}

static void test_references_use_a_form_that_reads_back(void)
{
    const char *text =
        "schemac: 1\nname: x\ntables:\n"
        "  \"my.t\":\n    columns:\n      \"a.b\": { type: int, primary_key: true }\n"
        "  u:\n    columns:\n"
        "      id: { type: int, primary_key: true, references: \"my.t(a.b)\" }\n";
    ir_schema *s = load_valid(text);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK(strstr(buf_cstr(&out), "references: my.t(a.b)") != NULL);
    ir_schema *again = load_valid(buf_cstr(&out));
    CHECK(again != NULL);
    CHECK_STR(ir_find_table(again, "u")->fks[0]->ref_columns.names[0], "a.b");
    ir_schema_free(again);
    buf_free(&out);
    ir_schema_free(s);
}

static void test_emits_only_what_a_file_declared(void)
{
    diag d;
    diag_init(&d);
    const char *a = "schemac: 1\nname: shop\ncomment: Shop\nenums:\n  e: [x]\n"
                    "tables:\n  t:\n    columns: { id: { type: int, primary_key: true } }\n";
    const char *b = "schemac: 1\nname: shop\n"
                    "tables:\n  u:\n    columns: { id: { type: int, primary_key: true } }\n";
    ir_schema *s = load_text(NULL, "a.yaml", a, strlen(a), &d);
    load_text(s, "b.yaml", b, strlen(b), &d);
    CHECK_INT(validate_schema(s, &d), 0);
    buf out = BUF_INIT;
    emit_schema(s, "b.yaml", &out);
    CHECK_STR(buf_cstr(&out), "schemac: 1\nname: shop\ntables:\n  u:\n    columns:\n"
                              "      id: { type: integer, primary_key: true }\n");
    buf_clear(&out);
    emit_schema(s, "a.yaml", &out);
    CHECK(strstr(buf_cstr(&out), "comment: Shop\nenums:\n  e: [x]\ntables:\n  t:\n") != NULL);
    CHECK(strstr(buf_cstr(&out), "  u:") == NULL);
    buf_free(&out);
    ir_schema_free(s);
    diag_free(&d);
}

/* Index elements: options at their default go, a plain column is its
 * name, and the rest is a map in canonical key order. */
static void test_index_elements_take_their_shortest_form(void)
{
    static const char text[] =
        "schemac: 1\nname: shop\ntables:\n  users:\n    columns:\n"
        "      id: { type: bigint, primary_key: true }\n      email: text\n"
        "      age: { type: integer, nullable: true }\n"
        "    indexes:\n"
        "      - { columns: [{ column: email, order: asc, nulls: last }, { nulls: first, "
        "column: age }], include: id }\n"
        "      - { name: users_email_key, nulls_not_distinct: true, unique: true, columns: "
        "[{ collation: C, opclass: text_pattern_ops, expression: lower(email), order: desc }] }\n";
    static const char want[] =
        "schemac: 1\nname: shop\ntables:\n  users:\n    columns:\n"
        "      id: { type: bigint, primary_key: true }\n      email: text\n"
        "      age: { type: integer, nullable: true }\n"
        "    indexes:\n"
        "      - { columns: [email, { column: age, nulls: first }], include: [id] }\n"
        "      - { columns: [{ expression: \"lower(email)\", order: desc, opclass: "
        "text_pattern_ops, collation: C }], unique: true, nulls_not_distinct: true, name: "
        "users_email_key }\n";
    ir_schema *s = load_valid(text);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), want);
    buf_free(&out);
    ir_schema_free(s);
}

/* A unique key with options stays at the table, in the long form;
 * without them it goes on its column. A single-column foreign key goes on
 * its column with its options (match, deferrable). */
static void test_keys_with_options_stay_at_the_table(void)
{
    static const char text[] =
        "schemac: 1\nname: shop\ntables:\n  users:\n    columns:\n"
        "      id: { type: bigint, primary_key: true }\n      email: text\n"
        "      nick: { type: text, nullable: true }\n"
        "    unique: [{ columns: nick, deferrable: false }, { deferrable: initially_deferred, "
        "columns: [email], nulls_not_distinct: true }]\n"
        "  orders:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
        "      user_id: bigint\n      other_id: bigint\n"
        "    foreign_keys:\n"
        "      - { columns: [user_id], references: users.id, deferrable: true, match: full }\n"
        "      - { columns: [other_id], references: users.id, match: simple }\n";
    static const char want[] =
        "schemac: 1\nname: shop\ntables:\n  users:\n    columns:\n"
        "      id: { type: bigint, primary_key: true }\n      email: text\n"
        "      nick: { type: text, nullable: true, unique: true }\n"
        "    unique: [{ columns: [email], nulls_not_distinct: true, deferrable: "
        "initially_deferred }]\n"
        "  orders:\n    columns:\n      id: { type: bigint, primary_key: true }\n"
        "      user_id: { type: bigint, references: users.id, match: full, deferrable: true }\n"
        "      other_id: { type: bigint, references: users.id }\n";
    ir_schema *s = load_valid(text);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), want);
    buf_free(&out);
    ir_schema_free(s);
}

/* ---- views, functions, triggers (emit_objects.c) and comments of
 * constraints ---- */

static const char objects_messy[] =
    "schemac: 1\n"
    "name: shop\n"
    "tables:\n"
    "  t:\n"
    "    columns: { id: { type: bigint, primary_key: true } }\n"
    "triggers:\n"
    "  t_touch: { function: touch, events: [update, insert], timing: before, table: t,\n"
    "             for_each: row, comment: Keeps it fresh. }\n"
    "functions:\n"
    "  touch: { body: \"BEGIN\\n  RETURN NEW;\\nEND\\n\", language: plpgsql, returns: trigger,\n"
    "           volatility: volatile, arguments: \"\" }\n"
    "  twice: { returns: integer, arguments: \"x integer\", language: sql, volatility: immutable,\n"
    "           body: SELECT x * 2 }\n"
    "views:\n"
    "  v: { sql: \"SELECT id\\nFROM t\", materialized: false }\n"
    "  m:\n"
    "    indexes: [{ columns: [id], name: m_id_idx, unique: true }]\n"
    "    materialized: true\n"
    "    sql: SELECT id FROM v\n"
    "    comment: Counted.\n";

static const char objects_canonical[] =
    "schemac: 1\n"
    "name: shop\n"
    "tables:\n"
    "  t:\n"
    "    columns:\n"
    "      id: { type: bigint, primary_key: true }\n"
    "views:\n"
    "  v:\n"
    "    sql: |-\n"
    "      SELECT id\n"
    "      FROM t\n"
    "  m:\n"
    "    comment: Counted.\n"
    "    materialized: true\n"
    "    sql: \"SELECT id FROM v\"\n"
    "    indexes:\n"
    "      - { columns: [id], unique: true, name: m_id_idx }\n"
    "functions:\n"
    "  touch:\n"
    "    returns: trigger\n"
    "    language: plpgsql\n"
    "    body: |\n"
    "      BEGIN\n"
    "        RETURN NEW;\n"
    "      END\n"
    "  twice:\n"
    "    arguments: \"x integer\"\n"
    "    returns: integer\n"
    "    language: sql\n"
    "    volatility: immutable\n"
    "    body: \"SELECT x * 2\"\n"
    "triggers:\n"
    "  t_touch:\n"
    "    comment: Keeps it fresh.\n"
    "    table: t\n"
    "    timing: before\n"
    "    events: [insert, update]\n"
    "    function: touch\n";

static void test_objects_take_their_canonical_form_once(void)
{
    const char *inputs[] = {objects_messy, objects_canonical};
    for (size_t i = 0; i < 2; i++) {
        ir_schema *s = load_valid(inputs[i]);
        CHECK(s != NULL);
        if (!s)
            continue;
        buf out = BUF_INIT;
        emit_schema(s, NULL, &out);
        CHECK_STR(buf_cstr(&out), objects_canonical);
        buf_free(&out);
        ir_schema_free(s);
    }
}

/* Bodies a block scalar holds and bodies it cannot (they are quoted). */
static const char *const bodies[] = {
    "SELECT 1",
    "SELECT 1\n",
    "SELECT 1\n\n",
    "\nSELECT 1",
    "  SELECT 1\nFROM t",
    "SELECT 1\n  FROM t\n",
    "SELECT 1\n\n\nFROM t -- a: comment # not YAML\n",
    "SELECT 'a''b', \"q\" -- |\n",
    "SELECT\t1\nFROM t",
    "SELECT 1\r\nFROM t",
    "SELECT 1 \nFROM t  \n",
    "SELECT '\xc3\xa9'\nFROM t",
    "SELECT 'x\xe2\x80\xa8y'\nFROM t",
    "SELECT 1\n   \nFROM t",
};

static void test_every_body_reads_back_exactly(void)
{
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        buf yaml = BUF_INIT, quoted = BUF_INIT;
        emit_sql(&quoted, bodies[i]);
        buf_printf(&yaml,
                   "schemac: 1\nname: s\nviews:\n  v:\n    sql: %s\n", buf_cstr(&quoted));
        ir_schema *s = load_valid(buf_cstr(&yaml));
        CHECK(s && s->nviews == 1);
        if (s && s->nviews == 1) {
            buf out = BUF_INIT;
            emit_schema(s, NULL, &out);
            ir_schema *again = load_valid(buf_cstr(&out));
            CHECK(again && again->nviews == 1);
            if (again && again->nviews == 1)
                CHECK_STR(again->views[0]->sql, bodies[i]);
            buf_free(&out);
            ir_schema_free(again);
        }
        ir_schema_free(s);
        buf_free(&yaml);
        buf_free(&quoted);
    }
}

static const char commented[] =
    "schemac: 1\n"
    "name: notes\n"
    "tables:\n"
    "  authors:\n"
    "    columns:\n"
    "      id: { type: bigint, primary_key: true }\n"
    "      handle: text\n"
    "    unique: [{ columns: [handle], comment: One each. }]\n"
    "  posts:\n"
    "    columns:\n"
    "      id: { type: bigint, primary_key: true }\n"
    "      author_id: bigint\n"
    "      words: integer\n"
    "    indexes:\n"
    "      - { columns: [words], name: posts_words_idx, comment: \"For sorting, mostly.\" }\n"
    "    checks:\n"
    "      plain: \"words > 0\"\n"
    "      long: { expression: \"words < 100000\", comment: Novels go elsewhere. }\n"
    "    foreign_keys:\n"
    "      - { columns: [author_id], references: authors.id, comment: Who wrote it. }\n"
    "    exclude:\n"
    "      - { elements: [{ column: words, with: \"=\" }], using: btree, name: posts_words_excl, "
    "comment: Odd. }\n";

/* A commented key or foreign key stays at the table (the column's short
 * forms have no comment), and every comment reads back. */
static void test_commented_constraints_keep_their_long_forms(void)
{
    ir_schema *s = load_valid(commented);
    CHECK(s != NULL);
    if (!s)
        return;
    buf out = BUF_INIT;
    emit_schema(s, NULL, &out);
    CHECK_STR(buf_cstr(&out), commented);
    const ir_table *posts = ir_find_table(s, "posts");
    CHECK(posts && posts->nchecks == 2 && !posts->checks[0]->comment &&
          posts->checks[1]->comment && !strcmp(posts->checks[1]->comment, "Novels go elsewhere."));
    buf_free(&out);
    ir_schema_free(s);
}

int main(void)
{
    test_objects_take_their_canonical_form_once();
    test_every_body_reads_back_exactly();
    test_commented_constraints_keep_their_long_forms();
    test_index_elements_take_their_shortest_form();
    test_keys_with_options_stay_at_the_table();
    test_scalars_read_back_as_the_same_text();
    test_scalars_are_quoted_only_when_needed();
    test_emits_the_canonical_form();
    test_emitting_the_canonical_form_changes_nothing();
    test_keys_that_cannot_be_inline_stay_at_the_table();
    test_references_use_a_form_that_reads_back();
    test_emits_only_what_a_file_declared();
    return check_report();
}
