/* diff and plan stay linear in the number of enum values. Without timing:
 * this program is linked with --wrap=strcmp, so every string comparison
 * the library makes is counted, and 20,000 values moved, added or removed
 * must cost a few comparisons each, not one per pair of values. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diff.h"
#include "load.h"
#include "plan.h"
#include "validate.h"

int __real_strcmp(const char *a, const char *b);
int __wrap_strcmp(const char *a, const char *b);

static size_t comparisons;

int __wrap_strcmp(const char *a, const char *b)
{
    comparisons++;
    return __real_strcmp(a, b);
}

#define VALUES 20000

/* A schema whose enum `e` has the values v00000, v00001, ... picked by
 * `keep(i)`, in increasing or decreasing order; a column uses it. */
static ir_schema *enum_schema(bool (*keep)(size_t), bool reversed)
{
    buf y = BUF_INIT;
    buf_puts(&y, "schemac: 1\nname: big\nenums:\n  e: [");
    bool first = true;
    for (size_t k = 0; k < VALUES; k++) {
        size_t i = reversed ? VALUES - 1 - k : k;
        if (!keep(i))
            continue;
        buf_printf(&y, "%sv%05zu", first ? "" : ", ", i);
        first = false;
    }
    buf_puts(&y, "]\ntables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n"
                 "      x: e\n");
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "big.yaml", buf_cstr(&y), y.len, &d);
    if (s && validate_schema(s, &d) < 0) {
        ir_schema_free(s);
        s = NULL;
    }
    CHECK(s != NULL);
    diag_free(&d);
    buf_free(&y);
    return s;
}

static bool every_value(size_t i) { return (void)i, true; }
static bool even_values(size_t i) { return i % 2 == 0; }
static bool second_half(size_t i) { return i >= VALUES / 2; }

/* String comparisons made by diffing and planning from → to (or back). */
static size_t comparisons_to_plan(const ir_schema *from, const ir_schema *to, bool down,
                                  size_t *statements)
{
    diag d;
    diag_init(&d);
    diff_result diff;
    comparisons = 0;
    int err = down ? diff_schemas(to, from, true, &diff, &d)
                   : diff_schemas(from, to, false, &diff, &d);
    CHECK_INT(err, 0);
    plan p;
    plan_build(&p, &diff, NULL);
    size_t made = comparisons;
    *statements = p.n;
    plan_free(&p);
    diff_free(&diff);
    diag_free(&d);
    return made;
}

/* A few comparisons per value (hash map probes), never VALUES² / 2. */
#define LINEAR (20 * (size_t)VALUES)

static void test_reordering_many_values_is_linear(void)
{
    ir_schema *a = enum_schema(every_value, false), *b = enum_schema(every_value, true);
    size_t n;
    CHECK(comparisons_to_plan(a, b, false, &n) < LINEAR);
    CHECK_INT(n, 4); /* rename aside, create, convert the column, drop */
    CHECK(comparisons_to_plan(a, b, true, &n) < LINEAR);
    ir_schema_free(a);
    ir_schema_free(b);
}

static void test_adding_and_removing_many_values_is_linear(void)
{
    ir_schema *all = enum_schema(every_value, false);
    ir_schema *even = enum_schema(even_values, false), *late = enum_schema(second_half, false);
    size_t n;
    /* Added between the old values, each before its right neighbour. */
    CHECK(comparisons_to_plan(even, all, false, &n) < LINEAR);
    CHECK_INT(n, VALUES / 2);
    /* Added in front of the old values: each finds the first old one. */
    CHECK(comparisons_to_plan(late, all, false, &n) < LINEAR);
    CHECK_INT(n, VALUES / 2);
    /* Removed: the type is rebuilt. */
    CHECK(comparisons_to_plan(even, all, true, &n) < LINEAR);
    CHECK_INT(n, 4);
    ir_schema_free(all);
    ir_schema_free(even);
    ir_schema_free(late);
}

int main(void)
{
    test_reordering_many_values_is_linear();
    test_adding_and_removing_many_values_is_linear();
    return check_report();
}
