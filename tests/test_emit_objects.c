/* Tests for emit_objects: the canonical form of views, functions and
 * triggers, and SQL bodies that read back byte for byte whether they are
 * written as a literal block or quoted. */
#include <stdlib.h>

#include "check.h"
#include "emit.h"
#include "ir_objects.h"
#include "load.h"
#include "validate.h"

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

static const char messy[] =
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

static const char canonical[] =
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
    const char *inputs[] = {messy, canonical};
    for (size_t i = 0; i < 2; i++) {
        ir_schema *s = load_valid(inputs[i]);
        CHECK(s != NULL);
        if (!s)
            continue;
        buf out = BUF_INIT;
        emit_schema(s, NULL, &out);
        CHECK_STR(buf_cstr(&out), canonical);
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
    test_commented_constraints_keep_their_long_forms();
    test_objects_take_their_canonical_form_once();
    test_every_body_reads_back_exactly();
    return check_report();
}
