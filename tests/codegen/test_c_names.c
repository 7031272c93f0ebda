/* Tests of validate's one list of generated C identifiers
 * (validate_each_c_name) against the code the templates really make.
 *
 * Coverage: `schemac generate` on c_names/zq.yaml, whose every name holds
 * `zq`; every identifier of the generated code made from a schema name
 * (one with `zq` in it) is on the list, or is a column's struct member or
 * parameter; every file-scope name that comes from no schema name is one
 * of the runtime's names on the list.
 *
 * Clashes: for each name on the list, a second schema file engineered to
 * make that name too (a table, an enum value) is rejected by validate with
 * a diagnostic at the engineered object's line and column.
 *
 * usage: test_c_names SCHEMAC ZQ_YAML */
#include <ctype.h>
#include <stdlib.h>

#include "check.h"
#include "load.h"
#include "strmap.h"
#include "validate.h"

/* The static helpers every table gets (validate.c's table_names). */
static const char *const static_suffixes[] = {
    "columns", "array_casts", "oids",      "param",    "field",      "decode",
    "decode_row", "copy_column", "free_row", "table",  "filter_view",
};

typedef struct listed {
    const char *owner;
    src_pos pos;
} listed;

typedef struct name_list {
    arena *a;
    strmap names; /* identifier -> listed */
    const char **order;
    size_t n, cap;
} name_list;

static void collect(void *arg, const char *identifier, const char *owner, src_pos pos)
{
    name_list *L = arg;
    if (strmap_get(&L->names, identifier))
        return;
    listed *l = arena_alloc(L->a, sizeof *l);
    *l = (listed){owner, pos};
    const char *key = arena_strdup(L->a, identifier);
    strmap_put(&L->names, key, l);
    if (L->n == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 256;
        L->order = realloc(L->order, L->cap * sizeof *L->order);
        if (!L->order)
            abort();
    }
    L->order[L->n++] = key;
}

/* ---- a small C tokenizer: identifiers, and where they are defined ---- */

/* The text without comments, string and character literals, and the
 * `extern "C"` block of a header (its braces would hide file scope). */
static char *strip(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1), *w = out;
    if (!out)
        abort();
    for (const char *p = text; *p;) {
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            *w++ = ' ';
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else if (*p == '"' || *p == '\'') {
            char quote = *p++;
            while (*p && *p != quote)
                p += p[0] == '\\' && p[1] ? 2 : 1;
            if (*p)
                p++;
            *w++ = '0';
        } else if (!strncmp(p, "#ifdef __cplusplus", 18)) {
            const char *end = strstr(p, "#endif");
            p = end ? end + 6 : p + strlen(p);
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return out;
}

static bool is_ident_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool is_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

static bool has_zq(const char *s)
{
    for (; s[0] && s[1]; s++)
        if (tolower((unsigned char)s[0]) == 'z' && tolower((unsigned char)s[1]) == 'q')
            return true;
    return false;
}

static bool is_type_word(const char *w)
{
    static const char *const words[] = {"void", "int", "char", "bool", "const", "unsigned",
                                        "long", "double", "float", "short", "signed", "inline",
                                        "static", "struct", "enum", "typedef", "return", "sizeof"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(w, words[i]))
            return true;
    return false;
}

typedef struct scan {
    strmap used;    /* every identifier */
    strmap defined; /* file-scope definitions: functions, objects, types, macros, enum constants */
} scan;

/* Records the identifiers of `text` (stripped) in S. A name is defined at
 * file scope when, outside braces and parentheses, it comes right before
 * `(`, `[`, `=`, `;` or `,`; after `#define`; or as a constant of an enum
 * declared at file scope. */
static void scan_text(arena *a, scan *S, const char *text)
{
    int depth = 0, parens = 0;
    bool in_enum = false, saw_enum = false, line_start = true;
    const char *last = NULL; /* the identifier just before, if the last token was one */
    char prev = '{';         /* the last punctuation character */
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            line_start = true;
            p++;
            continue;
        }
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        if (line_start && *p == '#') {
            const char *end = strchr(p, '\n');
            if (!end)
                end = p + strlen(p);
            if (!strncmp(p, "#define", 7)) {
                const char *q = p + 7;
                while (*q == ' ')
                    q++;
                const char *e = q;
                while (is_ident_char(*e))
                    e++;
                char *name = arena_strndup(a, q, (size_t)(e - q));
                strmap_put(&S->defined, name, name);
                strmap_put(&S->used, name, name);
            }
            p = end;
            continue;
        }
        line_start = false;
        if (is_ident_start(*p)) {
            const char *e = p;
            while (is_ident_char(*e))
                e++;
            char *word = arena_strndup(a, p, (size_t)(e - p));
            strmap_put(&S->used, word, word);
            if (depth == 0 && parens == 0 && !strcmp(word, "enum"))
                saw_enum = true;
            if (in_enum && depth == 1 && (prev == '{' || prev == ','))
                strmap_put(&S->defined, word, word);
            last = word;
            p = e;
            continue;
        }
        if (isdigit((unsigned char)*p)) {
            while (is_ident_char(*p))
                p++;
            last = NULL;
            continue;
        }
        char c = *p++;
        if (depth == 0 && parens == 0 && last && !is_type_word(last) &&
            (c == '(' || c == '[' || c == '=' || c == ';' || c == ','))
            strmap_put(&S->defined, last, (void *)last);
        if (c == '(') {
            parens++;
            saw_enum = false; /* enum in a parameter list: a function's body follows */
        } else if (c == ')')
            parens--;
        else if (c == '{') {
            if (depth == 0)
                in_enum = saw_enum;
            saw_enum = false;
            depth++;
        } else if (c == '}') {
            depth--;
            if (depth == 0)
                in_enum = saw_enum = false;
        } else if (c == ';' && depth == 0)
            saw_enum = false;
        last = NULL;
        prev = c;
    }
}

static bool run_generate(const char *schemac, const char *yaml, const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' generate -o '%s' '%s'", schemac, dir, yaml);
    return system(cmd) == 0;
}

/* ---- coverage ---- */

static void test_every_generated_identifier_is_on_the_list(const char *schemac, const char *yaml,
                                                          const ir_schema *s, name_list *L)
{
    char dir[] = "/tmp/schemac_c_names_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(run_generate(schemac, yaml, dir));
    arena a = ARENA_INIT;
    scan S;
    strmap_init(&S.used, &a);
    strmap_init(&S.defined, &a);
    static const char *const files[] = {"zq.h",        "zq.c",    "zq_base.h",
                                        "zq.zq.h",     "zq.zq.c", "schemac_runtime.h"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        size_t len;
        char *text = load_read_file(path, &len);
        CHECK(text != NULL);
        if (!text)
            continue;
        char *stripped = strip(text);
        scan_text(&a, &S, stripped);
        free(stripped);
        free(text);
        remove(path);
    }
    static const char *const rest[] = {"zq.sql", "schemac_runtime.c"};
    for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, rest[i]);
        remove(path);
    }
    remove(dir);

    /* What a column's name may also be in C: a struct member, its presence
     * flag, a parameter. */
    strmap members;
    strmap_init(&members, &a);
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t j = 0; j < s->tables[i]->ncolumns; j++) {
            const char *c = s->tables[i]->columns[j]->c_name;
            strmap_put(&members, c, (void *)c);
            strmap_put(&members, arena_printf(&a, "has_%s", c), (void *)c);
            strmap_put(&members, arena_printf(&a, "%s_", c), (void *)c);
        }
    size_t made = 0, defined = 0;
    for (size_t i = 0; i < S.used.cap; i++) {
        const char *w = S.used.slots[i].key;
        if (!w)
            continue;
        if (!has_zq(w) || strmap_get(&members, w))
            continue;
        made++;
        if (!strmap_get(&L->names, w)) {
            fprintf(stderr, "generated identifier `%s` is not on validate's list\n", w);
            CHECK(!"every identifier made from a schema name is on validate's list");
        }
    }
    for (size_t i = 0; i < S.defined.cap; i++) {
        const char *w = S.defined.slots[i].key;
        if (!w)
            continue;
        defined++;
        if (has_zq(w) || strmap_get(&L->names, w))
            continue;
        fprintf(stderr, "file-scope name `%s` of the generated code is not on validate's list\n",
                w);
        CHECK(!"every file-scope name of the runtime is on validate's list");
    }
    /* And the other way: every runtime name on the list is still one the
     * code makes, so the list does not keep names the runtime dropped. */
    for (size_t i = 0; i < L->n; i++) {
        const char *w = L->order[i];
        if (!validate_is_runtime_name(w) || strmap_get(&S.defined, w) || strmap_get(&S.used, w))
            continue;
        fprintf(stderr, "runtime name `%s` on validate's list is not in the generated code\n", w);
        CHECK(!"every runtime name on validate's list is in the generated code");
    }
    /* The scan saw the code: hundreds of names, not a handful. */
    CHECK(made > 150); /* 180 since the runtime builds the statements' SQL */
    CHECK(defined > 200);
    arena_free(&a);
}

/* ---- clashes ---- */

/* Validates zq.yaml plus a second file `extra` of the same schema; true
 * when validate fails with a diagnostic at extra.yaml:line:col. */
static bool rejected_at(const char *base, size_t base_len, const char *extra, int line, int col)
{
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "zq.yaml", base, base_len, &d);
    if (s)
        s = load_text(s, "extra.yaml", extra, strlen(extra), &d);
    bool at = false;
    if (s && !diag_has_errors(&d) && validate_schema(s, &d) < 0)
        for (size_t i = 0; i < d.count; i++)
            at |= d.entries[i].file && !strcmp(d.entries[i].file, "extra.yaml") &&
                  d.entries[i].line == line && d.entries[i].col == col;
    if (!at) {
        fprintf(stderr, "not rejected at extra.yaml:%d:%d:\n%s", line, col, extra);
        diag_render(&d, stderr, false);
    }
    ir_schema_free(s);
    diag_free(&d);
    return at;
}

static bool is_object_name(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (!strcmp(s->tables[i]->c_name, name))
            return true;
    for (size_t i = 0; i < s->nenums; i++)
        if (!strcmp(s->enums[i]->c_name, name))
            return true;
    return false;
}

static const char table_file[] = "schemac: 1\nname: zq\ntables:\n  %s:\n    columns:\n"
                                 "      zqid: { type: bigint, primary_key: true }\n";

/* A table that makes `identifier` with one of its own names: its type
 * (zq_NAME) or one of its static helpers (NAME_columns...). */
static const char *table_making(arena *a, const ir_schema *s, const char *identifier)
{
    if (!strncmp(identifier, "zq_", 3) && islower((unsigned char)identifier[3]))
        return identifier + 3;
    size_t n = strlen(identifier);
    for (size_t i = 0; i < sizeof static_suffixes / sizeof *static_suffixes; i++) {
        size_t k = strlen(static_suffixes[i]);
        if (n > k + 1 && identifier[n - k - 1] == '_' &&
            !strcmp(identifier + n - k, static_suffixes[i]))
            return arena_strndup(a, identifier, n - k - 1);
    }
    (void)s;
    return NULL;
}

static void test_each_listed_name_rejects_a_second_maker(const char *base, size_t base_len,
                                                         const ir_schema *s, name_list *L)
{
    arena a = ARENA_INIT;
    size_t tried = 0;
    for (size_t i = 0; i < L->n; i++) {
        const char *x = L->order[i];
        /* A table named so that it makes x. */
        const char *t = table_making(&a, s, x);
        if (t && *t && strlen(t) <= IR_NAME_MAX && !is_object_name(s, t) &&
            strcmp(ir_c_name(&a, t), t) == 0) {
            tried++;
            CHECK(rejected_at(base, base_len, arena_printf(&a, table_file, t), 4, 3));
        }
        /* An enum A with a value B, whose constant ZQ_A_B is x. */
        if (!strncmp(x, "ZQ_", 3)) {
            const char *rest = x + 3, *cut = strrchr(rest, '_');
            if (cut && cut > rest && cut[1] && strlen(rest) <= IR_NAME_MAX) {
                const char *e = arena_strndup(&a, rest, (size_t)(cut - rest));
                if (is_object_name(s, e))
                    continue;
                tried++;
                const char *text = arena_printf(&a, "schemac: 1\nname: zq\nenums:\n  %s: [%s]\n",
                                                e, cut + 1);
                CHECK(rejected_at(base, base_len, text, 4, (int)strlen(e) + 6));
            }
        }
    }
    /* A column named like a listed identifier, which as a member or a
     * parameter a macro would replace or which would hide what the body
     * uses; lower-case runtime names excepted (as parameters they get a
     * trailing _). */
    for (size_t i = 0; i < L->n; i++) {
        const char *x = L->order[i];
        const listed *l = strmap_get(&L->names, x);
        if ((!l->pos.file && validate_is_runtime_name(x) &&
             strpbrk(x, "abcdefghijklmnopqrstuvwxyz")) ||
            strlen(x) > IR_NAME_MAX || strcmp(ir_c_name(&a, x), x) != 0)
            continue;
        tried++;
        const char *text = arena_printf(&a, "schemac: 1\nname: zq\ntables:\n  zqextra:\n"
                                            "    columns:\n      %s: { type: bigint, primary_key: true }\n",
                                        x);
        CHECK(rejected_at(base, base_len, text, 6, 7));
    }
    /* Every kind: table types and functions, get_by, list_by, many-to-many,
     * column bits, enum constants, the API's own names, static helpers
     * against the runtime. */
    fprintf(stderr, "%zu names, %zu engineered clashes\n", L->n, tried);
    CHECK(tried > 100);
    arena_free(&a);
}

/* The case of issue 11: an enum products_col with a value id beside a
 * table products, whose column id's bit is SHOP_PRODUCTS_COL_ID too. */
static void test_enum_value_named_like_a_column_bit(void)
{
    const char *text = "schemac: 1\nname: shop\nenums:\n  products_col: [id, name]\ntables:\n"
                       "  products:\n    columns:\n      id: { type: bigint, primary_key: true }\n";
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "shop.yaml", text, strlen(text), &d);
    CHECK(s && validate_schema(s, &d) < 0);
    CHECK(d.count >= 2 && d.entries[0].line == 8 && d.entries[0].col == 7);
    CHECK(d.count >= 2 && strstr(d.entries[0].message, "SHOP_PRODUCTS_COL_ID"));
    CHECK(d.count >= 2 && d.entries[1].line == 4 && d.entries[1].col == 18);
    ir_schema_free(s);
    diag_free(&d);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCHEMAC ZQ_YAML\n", argv[0]);
        return 2;
    }
    size_t len;
    char *base = load_read_file(argv[2], &len);
    CHECK(base != NULL);
    if (!base)
        return check_report();
    diag d;
    diag_init(&d);
    ir_schema *s = load_text(NULL, "zq.yaml", base, len, &d);
    CHECK(s && validate_schema(s, &d) == 0);
    diag_render(&d, stderr, false);
    if (s) {
        name_list L = {.a = &s->arena};
        strmap_init(&L.names, &s->arena);
        validate_each_c_name(s, &s->arena, collect, &L);
        test_every_generated_identifier_is_on_the_list(argv[1], argv[2], s, &L);
        test_each_listed_name_rejects_a_second_maker(base, len, s, &L);
        free(L.order);
    }
    test_enum_value_named_like_a_column_bit();
    ir_schema_free(s);
    diag_free(&d);
    free(base);
    return check_report();
}
