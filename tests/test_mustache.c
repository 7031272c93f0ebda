/* Tests for mustache: every case in the YAML files of tests/mustache (the
 * spec's core modules and schemac's own cases), each compiled once and
 * rendered twice,
 * plus limits, partial caching and compile-once behaviour. */
#include <stdlib.h>

#include "check.h"
#include "mustache.h"
#include "tree_yaml.h"

#ifndef SCHEMAC_TESTS_DIR
#error "SCHEMAC_TESTS_DIR must name the tests source directory"
#endif

static const char *const case_files[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "schemac",
};

static char *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            text = realloc(text, cap);
            if (!text)
                abort();
        }
        got = fread(text + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    text[n] = '\0';
    *len = n;
    return text;
}

/* Partials of a case: a map from name to template text. */
static const char *find_in_map(void *ud, const char *name, size_t *len, const char **file)
{
    (void)file;
    const tree *text = tree_map_get(ud, name);
    *len = tree_string_len(text);
    return tree_string(text);
}

/* The first error as FILE:LINE:COL: MESSAGE, or NULL. Caller frees. */
static char *first_error(const diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const diag_entry *e = &d->entries[i];
        if (e->severity != DIAG_ERROR)
            continue;
        buf b = BUF_INIT;
        buf_printf(&b, "%s:%d:%d: %s", e->file ? e->file : "-", e->line, e->col, e->message);
        return buf_detach(&b);
    }
    return NULL;
}

static void print_visible(const char *label, const char *s)
{
    fprintf(stderr, "  %s: \"", label);
    for (; s && *s; s++) {
        if (*s == '\n')
            fputs("\\n", stderr);
        else if (*s == '\r')
            fputs("\\r", stderr);
        else if (*s == '\t')
            fputs("\\t", stderr);
        else
            fputc(*s, stderr);
    }
    fputs("\"\n", stderr);
}

static void expect_same(const char *file, const char *name, const char *what, const char *got,
                        const char *want)
{
    bool same = got && want && strcmp(got, want) == 0;
    if (!same) {
        fprintf(stderr, "%s.yml: %s: %s differs\n", file, name, what);
        print_visible("got ", got);
        print_visible("want", want);
    }
    CHECK(same);
}

static int cases_run;

static void run_case(const char *file, const tree *c)
{
    const char *name = tree_string(tree_map_get(c, "name"));
    const tree *template = tree_map_get(c, "template");
    const char *expected = tree_string(tree_map_get(c, "expected"));
    const char *error = tree_string(tree_map_get(c, "error"));
    const char *escape = tree_string(tree_map_get(c, "escape"));
    if (!name || !template || (!expected && !error)) {
        fprintf(stderr, "%s.yml: a case lacks name, template or expected/error\n", file);
        CHECK(false);
        return;
    }
    cases_run++;
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.partials = mustache_partials_new(&a, find_in_map, tree_map_get(c, "partials"));
    if (escape && strcmp(escape, "none") == 0)
        opts.escape = MUSTACHE_ESCAPE_NONE;
    buf first = BUF_INIT, second = BUF_INIT;
    mustache_template *t = mustache_compile(&a, "template", tree_string(template),
                                            tree_string_len(template), &d);
    int err = t ? mustache_render(&first, t, tree_map_get(c, "data"), &opts, &d) : -1;
    if (expected) {
        expect_same(file, name, "output", err == 0 ? buf_cstr(&first) : NULL, expected);
        if (err < 0) {
            char *msg = first_error(&d);
            fprintf(stderr, "  error: %s\n", msg ? msg : "(none)");
            free(msg);
        }
        /* Compiled once, rendered again with the partials now cached. */
        if (t && mustache_render(&second, t, tree_map_get(c, "data"), &opts, &d) == 0)
            expect_same(file, name, "second render", buf_cstr(&second), buf_cstr(&first));
    } else {
        char *msg = first_error(&d);
        expect_same(file, name, "error", err < 0 ? msg : "(no error)", error);
        free(msg);
    }
    buf_free(&first);
    buf_free(&second);
    diag_free(&d);
    arena_free(&a);
}

static void test_case_files(void)
{
    for (size_t i = 0; i < sizeof case_files / sizeof case_files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/mustache/%s.yml", SCHEMAC_TESTS_DIR, case_files[i]);
        size_t len;
        char *text = read_whole_file(path, &len);
        if (!text) {
            fprintf(stderr, "cannot read %s\n", path);
            CHECK(false);
            continue;
        }
        arena a = ARENA_INIT;
        diag d;
        diag_init(&d);
        tree *doc = tree_yaml_load(&a, path, text, len, &d);
        if (!doc) {
            diag_render(&d, stderr, false);
            CHECK(false);
        }
        const tree *cases = tree_map_get(doc, "cases");
        CHECK(tree_len(cases) > 0);
        for (size_t j = 0; j < tree_len(cases); j++)
            run_case(case_files[i], tree_list_at(cases, j));
        diag_free(&d);
        arena_free(&a);
        free(text);
    }
    /* 136 spec cases + 1 from an older spec revision + schemac's own. */
    CHECK(cases_run >= 137 + 40);
    printf("%d template cases\n", cases_run);
}

/* A template compiled once renders many contexts, as generate does for
 * each table. */
static void test_compiles_once_renders_many(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    const char *text =
        "struct {{name}} {\n{{#columns}}\n    {{type}} {{name}};\n{{/columns}}\n};\n";
    mustache_template *t = mustache_compile(&a, "t", text, strlen(text), &d);
    CHECK(t != NULL);
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.escape = MUSTACHE_ESCAPE_NONE;
    buf out = BUF_INIT;
    for (int i = 0; i < 3; i++) {
        tree *ctx = tree_new_map(&a);
        tree_map_set(ctx, "name", tree_new_string(&a, i == 1 ? "posts" : "users"));
        tree *cols = tree_new_list(&a);
        for (int j = 0; j <= i; j++) {
            tree *col = tree_new_map(&a);
            tree_map_set(col, "type", tree_new_string(&a, j ? "char *" : "int64_t"));
            tree_map_set(col, "name", tree_new_string(&a, j ? "title" : "id"));
            tree_list_push(cols, col);
        }
        tree_map_set(ctx, "columns", cols);
        CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), 0);
    }
    CHECK_STR(buf_cstr(&out), "struct users {\n    int64_t id;\n};\n"
                              "struct posts {\n    int64_t id;\n    char * title;\n};\n"
                              "struct users {\n    int64_t id;\n    char * title;\n"
                              "    char * title;\n};\n");
    CHECK_STR(mustache_name(t), "t");
    CHECK(!diag_has_errors(&d));
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

typedef struct counting_finder {
    int calls;
} counting_finder;

static const char *find_counting(void *ud, const char *name, size_t *len, const char **file)
{
    counting_finder *f = ud;
    f->calls++;
    if (strcmp(name, "row") != 0)
        return NULL;
    *file = "partials/row.mustache";
    *len = strlen("[{{.}}]");
    return "[{{.}}]";
}

static void test_partials_are_looked_up_once(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    counting_finder finder = {0};
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.partials = mustache_partials_new(&a, find_counting, &finder);
    const char *text = "{{#items}}{{>row}}{{>gone}}{{/items}}";
    mustache_template *t = mustache_compile(&a, "t", text, strlen(text), &d);
    tree *ctx = tree_new_map(&a);
    tree *items = tree_new_list(&a);
    for (int i = 0; i < 20; i++)
        tree_list_push(items, tree_new_string(&a, "x"));
    tree_map_set(ctx, "items", items);
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), 0);
    CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), 0);
    CHECK_INT(out.len, 2 * 20 * strlen("[x]"));
    CHECK_INT(finder.calls, 2); /* row and gone, once each */
    CHECK_INT(d.warnings, 1);   /* gone is missing: said once */
    CHECK(d.count == 1 && strstr(d.entries[0].message, "partial `gone` not found"));
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

static void test_partial_errors_name_the_partial_file(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    tree *partials = tree_new_map(&a);
    tree_map_set(partials, "p", tree_new_string(&a, "{{#x}}"));
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.partials = mustache_partials_new(&a, find_in_map, partials);
    mustache_template *t = mustache_compile(&a, "t", "{{>p}}", 6, &d);
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, NULL, &opts, &d), -1);
    char *msg = first_error(&d);
    CHECK_STR(msg, "p:1:1: section `x` is not closed");
    free(msg);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

/* Data whose aliases fan out: one shared list, iterated by nested
 * sections, multiplies the output. The render stops at max_output, at the
 * tag that crossed it, appended after what `out` already held. */
static void test_output_limit_stops_aliased_fan_out(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    tree *ctx = tree_new_map(&a);
    tree *l = tree_new_list(&a);
    tree *s = tree_new_string(&a, "0123456789");
    for (int i = 0; i < 100; i++)
        tree_list_push(l, s);
    tree_map_set(ctx, "l", l);
    const char *text = "{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}";
    mustache_template *t = mustache_compile(&a, "t", text, strlen(text), &d);
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    CHECK(opts.max_output == MUSTACHE_MAX_OUTPUT);
    opts.max_output = 50000;
    buf out = BUF_INIT;
    buf_puts(&out, "before");
    CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), -1);
    CHECK(out.len > 50000 && out.len <= strlen("before") + 50000 + 10);
    char *msg = first_error(&d);
    CHECK_STR(msg, "t:1:19: the output grows past 50000 bytes, the most a render may write");
    free(msg);
    /* Up to the limit it renders. */
    diag_free(&d);
    diag_init(&d);
    opts.max_output = 10000000;
    buf_clear(&out);
    CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), 0);
    CHECK_INT(out.len, 100 * 100 * 100 * 10);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

static void test_nesting_limit(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    buf text = BUF_INIT;
    for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
        buf_puts(&text, "{{#a}}");
    buf_puts(&text, "{{x}}");
    for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
        buf_puts(&text, "{{/a}}");
    mustache_template *t = mustache_compile(&a, "t", text.data, text.len, &d);
    CHECK(t != NULL);
    tree *ctx = tree_new_map(&a);
    tree_map_set(ctx, "a", tree_new_bool(&a, true));
    tree_map_set(ctx, "x", tree_new_string(&a, "deep"));
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, ctx, NULL, &d), 0);
    CHECK_STR(buf_cstr(&out), "deep");

    buf_clear(&text);
    for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
        buf_puts(&text, "{{^a}}");
    CHECK(mustache_compile(&a, "t", text.data, text.len, &d) == NULL);
    char *msg = first_error(&d);
    CHECK_STR(msg, "t:1:601: sections nest deeper than 100 levels");
    free(msg);
    buf_free(&out);
    buf_free(&text);
    diag_free(&d);
    arena_free(&a);
}

/* A partial that includes itself twice per level of 40 nested maps stays
 * under the depth limit but would take 2^40 steps: the step limit stops
 * it. */
static void test_step_limit_stops_branching_recursion(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    tree *partials = tree_new_map(&a);
    tree_map_set(partials, "p", tree_new_string(&a, "{{#a}}{{>p}}{{>p}}{{/a}}"));
    mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
    opts.partials = mustache_partials_new(&a, find_in_map, partials);
    opts.max_steps = 100000;
    tree *ctx = tree_new_map(&a);
    tree_map_set(ctx, "a", tree_new_bool(&a, false)); /* else {{#a}} finds an outer a */
    for (int i = 0; i < 40; i++) {
        tree *outer = tree_new_map(&a);
        tree_map_set(outer, "a", ctx);
        ctx = outer;
    }
    mustache_template *t = mustache_compile(&a, "t", "{{>p}}", 6, &d);
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, ctx, &opts, &d), -1);
    char *msg = first_error(&d);
    CHECK(msg && strstr(msg, "rendering takes more than 100000 steps"));
    free(msg);

    /* A lower partial depth is honoured. */
    diag_free(&d);
    diag_init(&d);
    tree_map_set(partials, "q", tree_new_string(&a, "{{>q}}"));
    opts.max_partial_depth = 3;
    t = mustache_compile(&a, "t", "{{>q}}", 6, &d);
    CHECK_INT(mustache_render(&out, t, NULL, &opts, &d), -1);
    msg = first_error(&d);
    CHECK_STR(msg, "q:1:1: partials nest deeper than 3 levels at `q`");
    free(msg);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

static void test_without_partials_partials_render_nothing(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    mustache_template *t = mustache_compile(&a, "t", "a{{>p}}b", 8, &d);
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, NULL, NULL, &d), 0);
    CHECK_STR(buf_cstr(&out), "ab");
    CHECK_INT(d.count, 0);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

/* Templates may hold NUL bytes and end anywhere: text is length-bound. */
static void test_binary_template_text(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    const char text[] = "a\0{{x}}\0b{";
    mustache_template *t = mustache_compile(&a, "t", text, sizeof text - 1, &d);
    tree *ctx = tree_new_map(&a);
    tree_map_set(ctx, "x", tree_new_string(&a, "X"));
    buf out = BUF_INIT;
    CHECK_INT(mustache_render(&out, t, ctx, NULL, &d), 0);
    CHECK_INT(out.len, 6);
    CHECK(memcmp(out.data, "a\0X\0b{", 6) == 0);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

/* Found by fuzz_mustache: a close tag starting a line adds a node inside
 * the section; when that grew the node array, the section's end was
 * written to the old array and rendering looped. Every array size. */
static void test_close_tag_at_line_start_for_every_array_size(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    tree *ctx = tree_new_map(&a);
    tree *items = tree_new_list(&a);
    tree_list_push(items, tree_new_string(&a, "1"));
    tree_list_push(items, tree_new_string(&a, "2"));
    tree_map_set(ctx, "a", items);
    int wrong = 0;
    for (int k = 2; k < 140; k++) { /* k / 2 nodes: x, {{.}}, x, ... */
        buf text = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
        /* A text node before the section flips the parity of the count. */
        buf_puts(&text, k % 2 ? "y{{#a}}" : "{{#a}}");
        buf_puts(&want, k % 2 ? "y" : "");
        for (int i = 0; i < k / 2; i++)
            buf_puts(&text, i % 2 ? "{{.}}" : "x");
        buf_puts(&text, "\n{{/a}}!");
        for (int item = 1; item <= 2; item++) {
            for (int i = 0; i < k / 2; i++)
                buf_printf(&want, i % 2 ? "%d" : "x", item);
            buf_putc(&want, '\n');
        }
        buf_putc(&want, '!');
        mustache_template *t = mustache_compile(&a, "t", text.data, text.len, &d);
        mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
        opts.max_steps = 10000;
        if (!t || mustache_render(&out, t, ctx, &opts, &d) < 0 ||
            strcmp(buf_cstr(&out), buf_cstr(&want)) != 0) {
            fprintf(stderr, "k=%d: got \"%.60s\"\n", k, buf_cstr(&out));
            wrong++;
        }
        buf_free(&text);
        buf_free(&want);
        buf_free(&out);
    }
    CHECK_INT(wrong, 0);
    diag_free(&d);
    arena_free(&a);
}

/* 1 MB with 60k tags: linear work takes well under a second; the
 * quadratic position computation this guards against took over a minute
 * and would hit the test timeout. */
static void test_large_template_compiles(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    buf text = BUF_INIT, out = BUF_INIT;
    for (int i = 0; i < 20000; i++)
        buf_puts(&text, "line {{name}} {{#items}}\n  {{.}};\n{{/items}}\n");
    mustache_template *t = mustache_compile(&a, "big", text.data, text.len, &d);
    CHECK(t != NULL);
    tree *ctx = tree_new_map(&a);
    tree_map_set(ctx, "name", tree_new_string(&a, "n"));
    tree_map_set(ctx, "items", tree_new_list(&a));
    CHECK_INT(mustache_render(&out, t, ctx, NULL, &d), 0);
    CHECK_INT(out.len, 20000 * strlen("line n ")); /* the newline is in the section */
    buf_free(&text);
    buf_free(&out);
    diag_free(&d);
    arena_free(&a);
}

int main(void)
{
    test_case_files();
    test_compiles_once_renders_many();
    test_partials_are_looked_up_once();
    test_partial_errors_name_the_partial_file();
    test_nesting_limit();
    test_output_limit_stops_aliased_fan_out();
    test_step_limit_stops_branching_recursion();
    test_without_partials_partials_render_nothing();
    test_binary_template_text();
    test_close_tag_at_line_start_for_every_array_size();
    test_large_template_compiles();
    return check_report();
}
