/* fuzz_plan: the planner over two schemas generated from the input bytes.
 * The bytes choose tables, columns (types, nullability, defaults, keys,
 * references, renames), enums, indexes and checks from small sets of names,
 * so most inputs are valid schemas and the two share names to diff. Each
 * schema is written as YAML, loaded and validated; then, for schemas that
 * are valid, it checks:
 *   - diff(a, a) and diff(b, b) are empty;
 *   - every statement of the up plan diff(a, b), the down plan diff(b, a)
 *     and the create plan diff(empty, a) splits back into one statement,
 *     and each whole script into as many statements as the plan has. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "load.h"
#include "plan.h"
#include "revision.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

/* The next choice among n (0 once the input runs out). */
static unsigned pick(bytes *b, unsigned n)
{
    if (!b->n)
        return 0;
    b->n--;
    return *b->p++ % n;
}

static const char *const types[] = {
    "text", "integer", "bigint", "smallint", "boolean", "varchar(20)", "varchar(50)",
    "numeric(10,2)", "numeric(12,4)", "timestamptz", "date", "jsonb", "uuid", "bytea",
    "double precision", "e0", "e1", "char(3)", "real", "time",
};
/* A default for each type above (NULL: none that fits). */
static const char *const defaults[] = {
    "x", "0", "7", "1", "true", NULL, "'ab'", "1.50", "0", NULL, NULL, NULL, NULL, NULL, "2.5",
    "a", "b", "abc", "0", NULL,
};
static const char *const id_types[] = {"bigserial", "serial", "bigint", "integer", "uuid"};
static const char *const actions[] = {"cascade", "restrict", "set_null", "no_action"};
static const char *const enum_values[] = {"a", "b", "c", "d"};

#define NTABLES 5
#define NCOLUMNS 6

static void write_enums(bytes *b, buf *y)
{
    unsigned n = pick(b, 3);
    if (!n)
        return;
    buf_puts(y, "enums:\n");
    for (unsigned e = 0; e < n; e++) {
        buf_printf(y, "  e%u:\n", e);
        if (pick(b, 4) == 0)
            buf_printf(y, "    renamed_from: e%u\n", pick(b, 3));
        buf_puts(y, "    values: [a, b");
        /* Values kept, reordered or added: each change diffs differently. */
        unsigned extra = pick(b, 3);
        for (unsigned i = 0; i < extra; i++)
            buf_printf(y, ", %s", enum_values[2 + (i + pick(b, 2)) % 2]);
        buf_puts(y, "]\n");
    }
}

static void write_column(bytes *b, buf *y, unsigned c)
{
    unsigned t = pick(b, sizeof types / sizeof *types);
    buf_printf(y, "      c%u: { type: \"%s\"", c, types[t]);
    bool nullable = pick(b, 2);
    if (nullable)
        buf_puts(y, ", nullable: true");
    if (defaults[t] && pick(b, 3) == 0)
        buf_printf(y, ", default: \"%s\"", defaults[t]);
    if (pick(b, 5) == 0)
        buf_puts(y, ", unique: true");
    if (pick(b, 4) == 0) {
        buf_printf(y, ", references: t%u.id", pick(b, NTABLES));
        if (pick(b, 2))
            buf_printf(y, ", on_delete: %s", actions[pick(b, 4)]);
    }
    if (pick(b, 5) == 0)
        buf_printf(y, ", renamed_from: c%u", pick(b, NCOLUMNS));
    if (pick(b, 6) == 0)
        buf_printf(y, ", comment: \"note %u\"", pick(b, 3));
    buf_puts(y, " }\n");
}

static void write_table(bytes *b, buf *y, unsigned t)
{
    buf_printf(y, "  t%u:\n", t);
    if (pick(b, 5) == 0)
        buf_printf(y, "    renamed_from: t%u\n", pick(b, NTABLES));
    if (pick(b, 3) == 0)
        buf_puts(y, "    timestamps: true\n");
    if (pick(b, 4) == 0)
        buf_puts(y, "    soft_delete: true\n");
    if (pick(b, 6) == 0)
        buf_printf(y, "    comment: \"table %u\"\n", pick(b, 3));
    buf_puts(y, "    columns:\n");
    unsigned id = pick(b, sizeof id_types / sizeof *id_types);
    buf_printf(y, "      id: { type: %s, primary_key: true%s }\n", id_types[id],
               id == 3 && pick(b, 2) ? ", identity: true" : "");
    unsigned ncols = pick(b, NCOLUMNS);
    bool used[NCOLUMNS] = {false};
    for (unsigned i = 0; i < ncols; i++) {
        unsigned c = pick(b, NCOLUMNS);
        if (used[c])
            continue;
        used[c] = true;
        write_column(b, y, c);
    }
    /* Indexes, uniques and checks over columns that may be there. */
    unsigned c1 = pick(b, NCOLUMNS), c2 = pick(b, NCOLUMNS);
    if (used[c1] && used[c2] && c1 != c2 && pick(b, 3) == 0)
        buf_printf(y, "    unique: [[c%u, c%u]]\n", c1, c2);
    if (used[c1] && pick(b, 2) == 0) {
        buf_printf(y, "    indexes:\n      - { columns: [c%u", c1);
        if (used[c2] && c1 != c2 && pick(b, 2))
            buf_printf(y, ", c%u", c2);
        buf_puts(y, "]");
        if (pick(b, 3) == 0)
            buf_puts(y, ", unique: true");
        if (pick(b, 3) == 0)
            buf_printf(y, ", where: \"c%u IS NOT NULL\"", c1);
        buf_puts(y, " }\n");
    }
    if (used[c2] && pick(b, 3) == 0)
        buf_printf(y, "    checks:\n      c%u_set: \"c%u IS NOT NULL OR id IS NOT NULL\"\n", c2,
                   c2);
}

/* The YAML of a schema chosen by the next bytes. */
static void write_schema(bytes *b, buf *y)
{
    buf_puts(y, "schemac: 1\nname: fuzz\n");
    write_enums(b, y);
    unsigned n = pick(b, NTABLES + 1);
    bool used[NTABLES] = {false};
    bool any = false;
    for (unsigned i = 0; i < n; i++) {
        unsigned t = pick(b, NTABLES);
        if (used[t])
            continue;
        if (!any)
            buf_puts(y, "tables:\n");
        used[t] = any = true;
        write_table(b, y, t);
    }
}

/* A valid schema from the YAML, or NULL. */
static ir_schema *load_valid(const char *file, const buf *y)
{
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, file, y->data, y->len, &d);
    if (s && (validate_schema(s, &d) < 0 || diag_has_errors(&d))) {
        ir_schema_free(s);
        s = NULL;
    }
    diag_free(&d);
    return s;
}

/* The YAML of this run's two schemas, for the report of a failure. */
static const buf *yaml_a, *yaml_b;

static void fail(const char *what, const char *sql)
{
    fprintf(stderr, "fuzz_plan: %s\n--- sql:\n%s\n--- a.yaml:\n%s\n--- b.yaml:\n%s\n", what,
            sql, buf_cstr(yaml_a), buf_cstr(yaml_b));
    abort();
}

static void check_empty_self_diff(const ir_schema *s)
{
    diff_result r;
    diag d;
    diag_init(&d);
    if (diff_schemas(s, s, false, &r, &d) == 0 && r.n != 0) {
        arena a = ARENA_INIT;
        fail("diff(a, a) is not empty", diff_describe(&a, &r.changes[0]));
    }
    diff_free(&r);
    diag_free(&d);
}

static void check_plan(const ir_schema *from, const ir_schema *to, bool renames_in_from)
{
    diff_result r;
    diag d;
    diag_init(&d);
    if (diff_schemas(from, to, renames_in_from, &r, &d) == 0) {
        plan p;
        plan_options opts = PLAN_OPTIONS_INIT;
        plan_build(&p, &r, &opts);
        arena a = ARENA_INIT;
        for (size_t i = 0; i < p.n; i++) {
            revision_stmt *stmts;
            if (revision_split_sql(&a, p.stmts[i].sql, &stmts) != 1)
                fail("a statement does not split back into one", p.stmts[i].sql);
        }
        buf script = BUF_INIT;
        plan_write_sql(&p, &script);
        revision_stmt *stmts;
        if (revision_split_sql(&a, buf_cstr(&script), &stmts) != p.n)
            fail("the script splits into another number of statements", buf_cstr(&script));
        buf_free(&script);
        arena_free(&a);
        plan_free(&p);
    }
    diff_free(&r);
    diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bytes b = {data, size};
    buf ya = BUF_INIT, yb = BUF_INIT;
    write_schema(&b, &ya);
    write_schema(&b, &yb);
    yaml_a = &ya;
    yaml_b = &yb;
    ir_schema *a = load_valid("a.yaml", &ya);
    ir_schema *s_b = load_valid("b.yaml", &yb);
    if (a) {
        check_empty_self_diff(a);
        ir_schema *empty = ir_schema_new();
        empty->name = a->name;
        check_plan(empty, a, false);
        ir_schema_free(empty);
    }
    if (s_b)
        check_empty_self_diff(s_b);
    if (a && s_b) {
        check_plan(a, s_b, false);
        check_plan(s_b, a, true);
    }
    ir_schema_free(a);
    ir_schema_free(s_b);
    buf_free(&ya);
    buf_free(&yb);
    return 0;
}
