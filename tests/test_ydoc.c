/* Tests for ydoc: the node tree, positions, and the YAML it refuses
 * (duplicate keys, merge keys, bad aliases, alias bombs, deep nesting,
 * bad bytes), each with one precise diagnostic. */
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "check.h"
#include "ydoc.h"

typedef struct parsed {
    arena a;
    diag d;
    ynode *root;
    char *out; /* rendered diagnostics */
} parsed;

static void parse(parsed *p, const char *text)
{
    p->a = (arena)ARENA_INIT;
    diag_init(&p->d);
    diag_add_source(&p->d, "t.yaml", text, strlen(text));
    p->root = ydoc_parse(&p->a, "t.yaml", text, strlen(text), &p->d);
    size_t len = 0;
    FILE *f = open_memstream(&p->out, &len);
    diag_render(&p->d, f, false);
    fclose(f);
}

static void done(parsed *p)
{
    free(p->out);
    diag_free(&p->d);
    arena_free(&p->a);
}

static bool has(const parsed *p, const char *text) { return strstr(p->out, text) != NULL; }

static size_t count(const parsed *p, const char *text)
{
    size_t n = 0;
    for (const char *s = strstr(p->out, text); s; s = strstr(s + 1, text))
        n++;
    return n;
}

static void test_builds_maps_lists_and_scalars_with_positions(void)
{
    parsed p;
    parse(&p, "name: shop\ntables:\n  users: [a, \"b\"]\n");
    CHECK(p.root != NULL);
    CHECK_INT(p.root->kind, YNODE_MAP);
    CHECK_INT(p.root->n, 2);
    CHECK_STR(YNODE_KEY(p.root, 0)->text, "name");
    const ynode *shop = YNODE_VALUE(p.root, 0);
    CHECK_STR(shop->text, "shop");
    CHECK_INT(shop->line, 1);
    CHECK_INT(shop->col, 7);
    CHECK(shop->plain);
    const ynode *tables = YNODE_VALUE(p.root, 1);
    CHECK_INT(tables->kind, YNODE_MAP);
    const ynode *list = YNODE_VALUE(tables, 0);
    CHECK_INT(list->kind, YNODE_SEQ);
    CHECK_INT(list->n, 2);
    CHECK_INT(list->line, 3);
    CHECK_INT(list->col, 10);
    CHECK_STR(list->items[1]->text, "b");
    CHECK(!list->items[1]->plain);
    CHECK_INT(list->items[1]->col, 14);
    CHECK_INT(p.d.errors, 0);
    done(&p);
}

static void test_columns_count_characters_not_bytes(void)
{
    parsed p;
    parse(&p, "caf\xc3\xa9: x\n");
    CHECK_INT(YNODE_VALUE(p.root, 0)->col, 7);
    done(&p);
}

static void test_aliases_share_the_anchored_node(void)
{
    parsed p;
    parse(&p, "a: &col { type: text }\nb: *col\nc: *col\n");
    CHECK(p.root != NULL);
    CHECK(YNODE_VALUE(p.root, 0) == YNODE_VALUE(p.root, 1));
    CHECK(YNODE_VALUE(p.root, 1) == YNODE_VALUE(p.root, 2));
    /* The weight counts the shared map each time it is reached. */
    CHECK_INT(YNODE_VALUE(p.root, 0)->weight, 3);
    CHECK_INT(p.root->weight, 1 + 3 * (1 + 3));
    done(&p);
}

static void test_duplicate_keys_are_reported_with_the_first(void)
{
    parsed p;
    parse(&p, "a: 1\nb: 2\na: 3\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:3:1: error: duplicate key `a`"));
    CHECK(has(&p, "t.yaml:1:1: note: `a` first defined here"));
    /* The note follows its error although it is earlier in the file. */
    CHECK(strstr(p.out, "error") < strstr(p.out, "note"));
    done(&p);
}

static void test_merge_keys_are_refused_once(void)
{
    parsed p;
    parse(&p, "base: &b { x: 1 }\nuse:\n  <<: *b\n  y: 2\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:3:3: error: YAML merge keys (<<) are not supported"));
    CHECK_INT(p.d.errors, 1); /* the alias after `<<` is not taken for a key */
    done(&p);
    parse(&p, "\"<<\": quoted keys are ordinary\n");
    CHECK(p.root != NULL);
    done(&p);
}

static void test_non_scalar_keys_are_refused_without_cascades(void)
{
    parsed p;
    parse(&p, "? [a, b]\n: { c: 1 }\nd: 2\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:1:3: error: map keys must be strings, not a list"));
    CHECK_INT(p.d.errors, 1);
    done(&p);
}

static void test_undefined_and_cyclic_aliases_are_errors(void)
{
    parsed p;
    parse(&p, "a: *nowhere\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:1:4: error: alias `*nowhere` names no anchor"));
    done(&p);
    parse(&p, "a: &loop\n  b: *loop\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:2:6: error: alias `*loop` refers to a node that contains it"));
    done(&p);
}

static void test_redefined_anchors_are_errors(void)
{
    parsed p;
    parse(&p, "a: &x 1\nb: &x 2\nc: *x\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:2:4: error: anchor `&x` is defined twice"));
    CHECK(has(&p, "t.yaml:1:4: note: `&x` first defined here"));
    done(&p);
}

static void test_alias_bombs_are_refused_quickly(void)
{
    buf b = BUF_INIT;
    buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
        buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++)
            buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        buf_puts(&b, "]\n");
    }
    clock_t start = clock();
    parsed p;
    parse(&p, buf_cstr(&b));
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    CHECK(p.root == NULL);
    CHECK(has(&p, "error: aliases expand this document to more than"));
    CHECK_INT(p.d.errors, 1);
    CHECK(seconds < 1.0);
    done(&p);
    buf_free(&b);
}

static void test_nesting_is_limited(void)
{
    buf b = BUF_INIT;
    buf_repeat(&b, '[', 100);
    buf_repeat(&b, ']', 100);
    parsed p;
    parse(&p, buf_cstr(&b));
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:1:65: error: nesting deeper than 64 levels"));
    CHECK_INT(p.d.errors, 1);
    done(&p);
    buf_free(&b);
}

static void test_empty_and_comment_only_files_are_errors(void)
{
    parsed p;
    parse(&p, "");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:1:1: error: the file is empty"));
    done(&p);
    parse(&p, "  \n\n");
    CHECK(has(&p, "error: the file is empty"));
    done(&p);
    parse(&p, "# nothing\n# here\n");
    CHECK(has(&p, "error: the file holds no YAML value, only comments"));
    done(&p);
    parse(&p, "~\n");
    CHECK(p.root == NULL);
    done(&p);
}

static void test_a_second_document_is_an_error(void)
{
    parsed p;
    parse(&p, "a: 1\n---\nb: 2\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:2:1: error: a schema file holds one YAML document"));
    done(&p);
}

static void test_nul_characters_are_refused(void)
{
    parsed p;
    parse(&p, "a: \"x\\0y\"\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "t.yaml:1:4: error: text may not contain NUL characters"));
    done(&p);
}

static void test_syntax_errors_name_where_the_construct_began(void)
{
    parsed p;
    parse(&p, "a: [1, 2\nb: 3\n");
    CHECK(p.root == NULL);
    CHECK(has(&p, "error: YAML syntax error: did not find expected ',' or ']'"));
    CHECK(has(&p, "t.yaml:1:4: note: a flow sequence began here"));
    done(&p);
    parse(&p, "a:\n  b: 1\n c: 2\n");
    CHECK(has(&p, "t.yaml:3:2: error: YAML syntax error: did not find expected key"));
    CHECK(has(&p, "hint: check the indentation"));
    done(&p);
}

static void test_tab_hint_looks_at_the_right_byte(void)
{
    parsed p;
    parse(&p, "a:\n\tb: 1\n");
    CHECK(has(&p, "t.yaml:2:1: error: YAML syntax error: found character that cannot start"));
    CHECK(has(&p, "hint: YAML does not allow tabs for indentation"));
    done(&p);
    parse(&p, "a: @b\n");
    CHECK(has(&p, "t.yaml:1:4: error"));
    CHECK(has(&p, "hint: check this character"));
    done(&p);
    /* Far past libyaml's first input chunk, after multi-byte text. */
    buf b = BUF_INIT;
    for (int i = 0; i < 3000; i++)
        buf_printf(&b, "k%d: \"\xc3\xa9\xc3\xa9\xc3\xa9\"\n", i);
    buf_puts(&b, "x:\n\ty: 1\n");
    parse(&p, buf_cstr(&b));
    CHECK(has(&p, "t.yaml:3002:1: error"));
    CHECK(has(&p, "hint: YAML does not allow tabs"));
    done(&p);
    buf_free(&b);
}

static void test_bad_bytes_are_placed_where_they_are(void)
{
    parsed p;
    parse(&p, "a: 1\nb: x\x07y\n");
    CHECK(has(&p, "t.yaml:2:5: error: control characters are not allowed (byte 0x07)"));
    done(&p);
    parse(&p, "a: 1\nb: caf\xc3\n");
    CHECK(has(&p, "t.yaml:2:7: error: the file is not valid UTF-8"));
    done(&p);
    parse(&p, "a: \xc3\xa9\xff\n");
    CHECK(has(&p, "t.yaml:1:5: error: the file is not valid UTF-8: invalid leading UTF-8 octet"));
    CHECK_INT(count(&p, "error"), 1);
    done(&p);
}

static void test_null_and_bool_spellings(void)
{
    parsed p;
    parse(&p, "[~, null, Null, NULL, \"null\", '', true, True, TRUE, false, \"true\", yes, 1, ]\n");
    const ynode *l = p.root;
    CHECK(l != NULL);
    CHECK_INT(l->n, 13);
    for (int i = 0; i < 4; i++)
        CHECK(ynode_is_null(l->items[i]));
    CHECK(!ynode_is_null(l->items[4])); /* quoted */
    CHECK(!ynode_is_null(l->items[5]));
    bool b = false;
    CHECK_INT(ynode_bool(l->items[6], &b), 0);
    CHECK(b);
    CHECK_INT(ynode_bool(l->items[7], &b), 0);
    CHECK_INT(ynode_bool(l->items[8], &b), 0);
    CHECK_INT(ynode_bool(l->items[9], &b), 0);
    CHECK(!b);
    CHECK_INT(ynode_bool(l->items[10], &b), -1); /* quoted */
    CHECK_INT(ynode_bool(l->items[11], &b), -1); /* YAML 1.1 yes is not ours */
    CHECK_INT(ynode_bool(l->items[12], &b), -1);
    CHECK_INT(ydoc_bool_text("FALSE", &b), 0);
    CHECK_INT(ydoc_bool_text("fAlse", &b), -1);
    CHECK_STR(ynode_kind_name(l), "a list");
    CHECK_STR(ynode_kind_name(l->items[0]), "null");
    CHECK_STR(ynode_kind_name(l->items[6]), "a scalar");
    done(&p);
}

int main(void)
{
    test_builds_maps_lists_and_scalars_with_positions();
    test_columns_count_characters_not_bytes();
    test_aliases_share_the_anchored_node();
    test_duplicate_keys_are_reported_with_the_first();
    test_merge_keys_are_refused_once();
    test_non_scalar_keys_are_refused_without_cascades();
    test_undefined_and_cyclic_aliases_are_errors();
    test_redefined_anchors_are_errors();
    test_alias_bombs_are_refused_quickly();
    test_nesting_is_limited();
    test_empty_and_comment_only_files_are_errors();
    test_a_second_document_is_an_error();
    test_nul_characters_are_refused();
    test_syntax_errors_name_where_the_construct_began();
    test_tab_hint_looks_at_the_right_byte();
    test_bad_bytes_are_placed_where_they_are();
    test_null_and_bool_spellings();
    return check_report();
}
