/* Tests for tree (nodes, ordered hashed maps, the YAML writer) and
 * tree_yaml (the loader), including writer -> loader round trips. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tree.h"
#include "tree_yaml.h"

static char *write_yaml(const tree *t)
{
    buf b = BUF_INIT;
    tree_write_yaml(t, &b);
    return buf_detach(&b);
}

/* Loads `text`; on failure returns NULL and leaves the first error as
 * LINE:COL: MESSAGE in *error (caller frees). */
static tree *load(arena *a, const char *text, char **error)
{
    diag d;
    diag_init(&d);
    tree *t = tree_yaml_load(a, "t.yaml", text, strlen(text), &d);
    if (error) {
        *error = NULL;
        for (size_t i = 0; i < d.count && !*error; i++) {
            if (d.entries[i].severity != DIAG_ERROR)
                continue;
            buf b = BUF_INIT;
            buf_printf(&b, "%d:%d: %s", d.entries[i].line, d.entries[i].col,
                       d.entries[i].message);
            *error = buf_detach(&b);
        }
    }
    diag_free(&d);
    return t;
}

static void test_accessors_answer_safely_for_every_kind(void)
{
    arena a = ARENA_INIT;
    tree *n = tree_new_null(&a), *b = tree_new_bool(&a, true), *s = tree_new_string(&a, "hi");
    tree *l = tree_new_list(&a), *m = tree_new_map(&a);
    CHECK_INT(tree_kind_of(n), TREE_NULL);
    CHECK_INT(tree_kind_of(NULL), TREE_NULL);
    CHECK_INT(tree_kind_of(b), TREE_BOOL);
    CHECK_INT(tree_kind_of(s), TREE_STRING);
    CHECK_INT(tree_kind_of(l), TREE_LIST);
    CHECK_INT(tree_kind_of(m), TREE_MAP);
    CHECK(tree_bool(b) && !tree_bool(s) && !tree_bool(NULL));
    CHECK_STR(tree_string(s), "hi");
    CHECK_INT(tree_string_len(s), 2);
    CHECK(tree_string(b) == NULL && tree_string_len(m) == 0);
    CHECK_INT(tree_len(s), 0);
    CHECK(tree_list_at(m, 0) == NULL && tree_list_at(l, 0) == NULL);
    CHECK(tree_map_get(l, "x") == NULL && tree_map_get(NULL, "x") == NULL);
    CHECK(tree_map_key(l, 0) == NULL && tree_map_value(s, 0) == NULL);
    CHECK_INT(tree_map_find(s, "x", 1), TREE_NOT_FOUND);
    tree_list_push(m, s); /* ignored: not a list */
    CHECK(!tree_map_set(l, "k", s)); /* ignored: not a map */
    CHECK_INT(tree_len(m), 0);
    CHECK_INT(tree_len(l), 0);
    tree *z = tree_new_string_n(&a, "a\0b", 3);
    CHECK_INT(tree_string_len(z), 3);
    CHECK(memcmp(tree_string(z), "a\0b", 4) == 0);
    arena_free(&a);
}

static void test_list_keeps_order(void)
{
    arena a = ARENA_INIT;
    tree *l = tree_new_list(&a);
    char s[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(s, sizeof s, "%d", i);
        tree_list_push(l, tree_new_string(&a, s));
    }
    CHECK_INT(tree_len(l), 1000);
    CHECK_STR(tree_string(tree_list_at(l, 0)), "0");
    CHECK_STR(tree_string(tree_list_at(l, 999)), "999");
    CHECK(tree_list_at(l, 1000) == NULL);
    arena_free(&a);
}

static void test_map_keeps_insertion_order_and_replaces_in_place(void)
{
    arena a = ARENA_INIT;
    tree *m = tree_new_map(&a);
    CHECK(!tree_map_set(m, "b", tree_new_string(&a, "1")));
    CHECK(!tree_map_set(m, "a", tree_new_string(&a, "2")));
    CHECK(tree_map_set(m, "b", tree_new_string(&a, "3")));
    CHECK_INT(tree_len(m), 2);
    CHECK_STR(tree_map_key(m, 0), "b");
    CHECK_STR(tree_string(tree_map_value(m, 0)), "3");
    CHECK_STR(tree_map_key(m, 1), "a");
    CHECK_INT(tree_map_find(m, "a", 1), 1);
    CHECK(tree_map_get(m, "c") == NULL);
    /* Keys are copied and may hold NUL bytes. */
    char key[] = "k\0x";
    tree_map_set_n(m, key, 3, tree_new_bool(&a, true));
    key[0] = 'z';
    CHECK(tree_bool(tree_map_get_n(m, "k\0x", 3)));
    CHECK(tree_map_get(m, "k") == NULL);
    CHECK_INT(tree_map_key_len(m, 2), 3);
    /* A NULL value reads as null but the key is there. */
    tree_map_set(m, "nothing", NULL);
    CHECK_INT(tree_map_find(m, "nothing", 7), 3);
    arena_free(&a);
}

/* Past 8 keys the map switches to a hash index; everything must still be
 * found, in order, through growth and replacement. */
static void test_map_with_many_keys(void)
{
    arena a = ARENA_INIT;
    tree *m = tree_new_map(&a);
    char key[32];
    enum { N = 20000 };
    int replaced = 0;
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "key%d", i);
        replaced += tree_map_set(m, key, tree_new_string(&a, key));
        if (i == 5 || i == 100) /* look up while small and while growing */
            CHECK_INT(tree_map_find(m, "key3", 4), 3);
    }
    CHECK_INT(replaced, 0);
    int wrong = 0;
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "key%d", i);
        const tree *v = tree_map_get(m, key);
        if (!v || strcmp(tree_string(v), key) != 0 ||
            tree_map_find(m, key, strlen(key)) != (size_t)i)
            wrong++;
        if (strcmp(tree_map_key(m, (size_t)i), key) != 0)
            wrong++;
    }
    CHECK_INT(wrong, 0);
    CHECK(tree_map_get(m, "key20000") == NULL);
    CHECK(tree_map_set(m, "key77", tree_new_bool(&a, false)));
    CHECK_INT(tree_len(m), N);
    CHECK_INT(tree_kind_of(tree_map_value(m, 77)), TREE_BOOL);

    /* Crossing from linear search to the index keeps every key. */
    tree *lazy = tree_new_map(&a);
    for (int i = 0; i < 8; i++) {
        snprintf(key, sizeof key, "k%d", i);
        tree_map_set(lazy, key, NULL);
    }
    CHECK_INT(tree_map_find(lazy, "k7", 2), 7);
    tree_map_set(lazy, "k8", NULL);
    CHECK_INT(tree_map_find(lazy, "k8", 2), 8);
    CHECK_INT(tree_map_find(lazy, "k0", 2), 0);
    arena_free(&a);
}

/* A copy has the entries in order, finds them (small and indexed maps),
 * and takes new keys and values without touching the original. */
static void test_map_copy_is_independent(void)
{
    arena a = ARENA_INIT;
    char key[32];
    const int sizes[] = {0, 3, 8, 9, 100};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        int n = sizes[s];
        tree *m = tree_new_map(&a);
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof key, "k%d", i);
            tree_map_set(m, key, tree_new_string(&a, key));
        }
        tree *c = tree_map_copy(&a, m);
        CHECK(tree_equal(c, m));
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof key, "k%d", i);
            wrong += tree_map_find(c, key, strlen(key)) != (size_t)i;
        }
        CHECK_INT(wrong, 0);
        tree_map_set(c, "added", tree_new_bool(&a, true));
        if (n)
            tree_map_set(c, "k0", tree_new_bool(&a, false));
        CHECK_INT(tree_len(c), n + 1);
        CHECK_INT(tree_len(m), n);
        CHECK(tree_map_get(m, "added") == NULL);
        CHECK_INT(tree_map_find(c, "added", 5), n);
        if (n)
            CHECK_INT(tree_kind_of(tree_map_get(m, "k0")), TREE_STRING);
    }
    CHECK_INT(tree_len(tree_map_copy(&a, NULL)), 0);
    arena_free(&a);
}

static void test_equal(void)
{
    arena a = ARENA_INIT;
    tree *x = tree_new_map(&a), *y = tree_new_map(&a);
    tree_map_set(x, "a", tree_new_string(&a, "1"));
    tree_map_set(y, "a", tree_new_string(&a, "1"));
    CHECK(tree_equal(x, y));
    tree_map_set(x, "b", tree_new_list(&a));
    CHECK(!tree_equal(x, y));
    tree_map_set(y, "b", tree_new_list(&a));
    CHECK(tree_equal(x, y));
    tree_list_push(tree_map_get(y, "b"), tree_new_null(&a));
    CHECK(!tree_equal(x, y));
    CHECK(tree_equal(NULL, tree_new_null(&a)));
    CHECK(!tree_equal(tree_new_bool(&a, true), tree_new_bool(&a, false)));
    CHECK(!tree_equal(tree_new_string(&a, "1"), tree_new_string(&a, "2")));
    arena_free(&a);
}

static void test_write_yaml_block_style(void)
{
    arena a = ARENA_INIT;
    tree *root = tree_new_map(&a);
    tree_map_set(root, "name", tree_new_string(&a, "blog"));
    tree_map_set(root, "empty_list", tree_new_list(&a));
    tree_map_set(root, "empty_map", tree_new_map(&a));
    tree_map_set(root, "flag", tree_new_bool(&a, false));
    tree_map_set(root, "none", tree_new_null(&a));
    tree *tables = tree_new_list(&a);
    tree *users = tree_new_map(&a);
    tree_map_set(users, "name", tree_new_string(&a, "users"));
    tree *cols = tree_new_list(&a);
    tree_list_push(cols, tree_new_string(&a, "id"));
    tree_list_push(cols, tree_new_string(&a, "email"));
    tree_map_set(users, "columns", cols);
    tree_list_push(tables, users);
    tree *pair = tree_new_list(&a);
    tree_list_push(pair, tree_new_string(&a, "x"));
    tree_list_push(pair, tree_new_list(&a));
    tree_list_push(tables, pair);
    tree_map_set(root, "tables", tables);
    char *y = write_yaml(root);
    CHECK_STR(y, "name: blog\n"
                 "empty_list: []\n"
                 "empty_map: {}\n"
                 "flag: false\n"
                 "none: null\n"
                 "tables:\n"
                 "  - name: users\n"
                 "    columns:\n"
                 "      - id\n"
                 "      - email\n"
                 "  - - x\n"
                 "    - []\n");
    tree *back = load(&a, y, NULL);
    CHECK(tree_equal(root, back));
    free(y);

    y = write_yaml(tree_new_string(&a, "top"));
    CHECK_STR(y, "top\n");
    free(y);
    y = write_yaml(NULL);
    CHECK_STR(y, "null\n");
    free(y);
    y = write_yaml(tree_new_list(&a));
    CHECK_STR(y, "[]\n");
    free(y);
    arena_free(&a);
}

/* Each string as a map value: its YAML, and that it loads back as itself. */
static void test_write_yaml_quotes_what_would_not_read_back(void)
{
    static const struct {
        const char *s, *yaml;
    } cases[] = {
        {"plain words", "plain words"},
        {"snake_case", "snake_case"},
        {"it's", "it's"},
        {"a:b", "a:b"},
        {"a#b", "a#b"},
        {"", "\"\""},
        {"true", "\"true\""},
        {"False", "\"False\""},
        {"null", "\"null\""},
        {"~", "\"~\""},
        {"yes", "\"yes\""},
        {"off", "\"off\""},
        {"N", "\"N\""},
        {"42", "\"42\""},
        {"-1", "\"-1\""},
        {"+1", "\"+1\""},
        {".5", "\".5\""},
        {"0x1F", "\"0x1F\""},
        {"1e3", "\"1e3\""},
        {".inf", "\".inf\""},
        {".NaN", "\".NaN\""},
        {"2024-01-01", "\"2024-01-01\""},
        {"12:30", "\"12:30\""},
        {"<<", "\"<<\""},
        {"- item", "\"- item\""},
        {"-", "\"-\""},
        {"---", "\"---\""},
        {"...", "\"...\""},
        {"key: value", "\"key: value\""},
        {"ends:", "\"ends:\""},
        {"a #comment", "\"a #comment\""},
        {"#x", "\"#x\""},
        {"&anchor", "\"&anchor\""},
        {"*alias", "\"*alias\""},
        {"!tag", "\"!tag\""},
        {"[x]", "\"[x]\""},
        {"{x}", "\"{x}\""},
        {"|", "\"|\""},
        {">", "\">\""},
        {"'q'", "\"'q'\""},
        {"\"dq\"", "\"\\\"dq\\\"\""},
        {"%YAML", "\"%YAML\""},
        {"@x", "\"@x\""},
        {"`x`", "\"`x`\""},
        {"? x", "\"? x\""},
        {" lead", "\" lead\""},
        {"trail ", "\"trail \""},
        {"line\nbreak", "\"line\\nbreak\""},
        {"tab\there", "\"tab\\there\""},
        {"cr\r", "\"cr\\r\""},
        {"back\\slash", "back\\slash"},
        {"quote\"and\\", "quote\"and\\"},
        {"bell\a", "\"bell\\a\""},
        {"esc\x1b", "\"esc\\e\""},
        {"del\x7f", "\"del\\x7F\""},
        {"grüße", "grüße"},
        {"nel\xc2\x85", "\"nel\\N\""},
        {"ls\xe2\x80\xa8", "\"ls\\L\""},
        {"c1\xc2\x80", "\"c1\\x80\""},
        {"\xef\xbb\xbf" "bom", "\"\\uFEFFbom\""},
        {"SELECT \"id\" FROM users WHERE a = $1", "SELECT \"id\" FROM users WHERE a = $1"},
    };
    arena a = ARENA_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tree *m = tree_new_map(&a);
        tree_map_set(m, "k", tree_new_string(&a, cases[i].s));
        char *y = write_yaml(m);
        buf want = BUF_INIT;
        buf_printf(&want, "k: %s\n", cases[i].yaml);
        CHECK_STR(y, buf_cstr(&want));
        char *err;
        tree *back = load(&a, y, &err);
        if (!tree_equal(m, back))
            fprintf(stderr, "round trip of \"%s\" failed: %s\n", cases[i].s, err ? err : "differs");
        CHECK(tree_equal(m, back));
        free(err);
        buf_free(&want);
        free(y);

        /* The same string as a key. */
        tree *k = tree_new_map(&a);
        tree_map_set(k, cases[i].s, tree_new_null(&a));
        y = write_yaml(k);
        CHECK(tree_equal(k, load(&a, y, NULL)));
        free(y);
    }
    arena_free(&a);
}

static void test_write_yaml_long_keys_and_odd_bytes(void)
{
    arena a = ARENA_INIT;
    tree *m = tree_new_map(&a);
    buf key = BUF_INIT;
    buf_repeat(&key, 'k', 2000);
    tree_map_set(m, buf_cstr(&key), tree_new_string(&a, "v"));
    tree *in_list = tree_new_list(&a);
    tree_list_push(in_list, m);
    char *y = write_yaml(in_list);
    CHECK(strncmp(y, "- ? \"kkk", 8) == 0);
    CHECK(tree_equal(in_list, load(&a, y, NULL)));
    free(y);
    buf_free(&key);

    /* A NUL byte survives as \0; invalid UTF-8 cannot, and is written as
     * the code point of the byte (documented). */
    tree *s = tree_new_string_n(&a, "a\0b", 3);
    y = write_yaml(s);
    CHECK_STR(y, "\"a\\0b\"\n");
    CHECK(tree_equal(s, load(&a, y, NULL)));
    free(y);
    y = write_yaml(tree_new_string(&a, "x\xff"));
    CHECK_STR(y, "\"x\\xFF\"\n");
    free(y);
    arena_free(&a);
}

/* Random trees of every kind survive write -> load unchanged. */
static unsigned long long rng_state = 88172645463325252ull;

static unsigned next_random(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static tree *random_tree(arena *a, int depth)
{
    static const char *const words[] = {"", "a", "true", "null", "1.5", "x: y", "- z", "#",
                                        "multi\nline", " pad ", "ü", "\t", "it's", "\"", "~"};
    unsigned kind = next_random(depth > 3 ? 3 : 5);
    switch (kind) {
    case 0: return tree_new_null(a);
    case 1: return tree_new_bool(a, next_random(2));
    case 2: return tree_new_string(a, words[next_random(sizeof words / sizeof words[0])]);
    case 3: {
        tree *l = tree_new_list(a);
        for (unsigned i = next_random(4); i > 0; i--)
            tree_list_push(l, random_tree(a, depth + 1));
        return l;
    }
    default: {
        tree *m = tree_new_map(a);
        for (unsigned i = next_random(12); i > 0; i--)
            tree_map_set(m, words[next_random(sizeof words / sizeof words[0])],
                         random_tree(a, depth + 1));
        return m;
    }
    }
}

static void test_write_yaml_round_trips_random_trees(void)
{
    arena a = ARENA_INIT;
    int failed = 0;
    for (int i = 0; i < 500; i++) {
        tree *t = random_tree(&a, 0);
        char *y = write_yaml(t);
        char *err;
        tree *back = load(&a, y, &err);
        if (!tree_equal(t, back)) {
            if (!failed++)
                fprintf(stderr, "random round trip failed (%s):\n%s", err ? err : "differs", y);
        }
        free(err);
        free(y);
    }
    CHECK_INT(failed, 0);
    arena_free(&a);
}

static void test_load_scalars(void)
{
    arena a = ARENA_INIT;
    tree *t = load(&a,
                   "t: true\nT: True\nf: FALSE\nn: null\nt2: ~\nempty:\n"
                   "qt: 'true'\nqn: \"null\"\nnum: 1.210\ntagged: !!str true\n"
                   "yes: yes\nlit: |\n  a\n  b\n",
                   NULL);
    CHECK(t != NULL);
    CHECK(tree_kind_of(tree_map_get(t, "t")) == TREE_BOOL && tree_bool(tree_map_get(t, "t")));
    CHECK(tree_bool(tree_map_get(t, "T")));
    CHECK(tree_kind_of(tree_map_get(t, "f")) == TREE_BOOL && !tree_bool(tree_map_get(t, "f")));
    CHECK_INT(tree_kind_of(tree_map_get(t, "n")), TREE_NULL);
    CHECK(tree_map_get(t, "n") != NULL);
    CHECK_INT(tree_kind_of(tree_map_get(t, "t2")), TREE_NULL);
    CHECK_INT(tree_kind_of(tree_map_get(t, "empty")), TREE_NULL);
    CHECK_STR(tree_string(tree_map_get(t, "qt")), "true");
    CHECK_STR(tree_string(tree_map_get(t, "qn")), "null");
    CHECK_STR(tree_string(tree_map_get(t, "num")), "1.210");
    CHECK_STR(tree_string(tree_map_get(t, "tagged")), "true");
    CHECK_STR(tree_string(tree_map_get(t, "yes")), "yes");
    CHECK_STR(tree_string(tree_map_get(t, "lit")), "a\nb\n");
    CHECK_STR(tree_map_key(t, 0), "t");

    CHECK_INT(tree_kind_of(load(&a, "", NULL)), TREE_NULL);
    CHECK_INT(tree_kind_of(load(&a, "# only a comment\n", NULL)), TREE_NULL);
    CHECK_STR(tree_string(load(&a, "--- hello\n...\n", NULL)), "hello");
    CHECK_INT(tree_len(load(&a, "[a, [b, c], {d: e}]", NULL)), 3);
    arena_free(&a);
}

static void test_load_aliases_share_the_anchored_node(void)
{
    arena a = ARENA_INIT;
    tree *t = load(&a, "base: &b {x: 1}\nuse: *b\nlist: [&s str, *s]\n&k key: *k\n", NULL);
    CHECK(t != NULL);
    CHECK(tree_map_get(t, "base") == tree_map_get(t, "use"));
    const tree *list = tree_map_get(t, "list");
    CHECK(tree_list_at(list, 0) == tree_list_at(list, 1));
    CHECK_STR(tree_string(tree_map_get(t, "key")), "key");
    /* A later anchor of the same name wins from there on. */
    t = load(&a, "- &a one\n- &a two\n- *a\n", NULL);
    CHECK_STR(tree_string(tree_list_at(t, 2)), "two");
    arena_free(&a);
}

static void expect_load_error(const char *text, const char *want)
{
    arena a = ARENA_INIT;
    char *err;
    CHECK(load(&a, text, &err) == NULL);
    CHECK_STR(err, want);
    free(err);
    arena_free(&a);
}

static void test_load_errors_carry_positions(void)
{
    expect_load_error("a: 1\nb: [x, *nope]\n", "2:8: undefined alias `*nope`");
    expect_load_error("a: &r [1, *r]\n", "1:11: alias `*r` refers to a node that contains it");
    expect_load_error("a: 1\nb: 2\na: 3\n", "3:1: duplicate key `a` (first at line 1)");
    expect_load_error("m:\n  x: 1\n  y: 2\n  x: 3\n", "4:3: duplicate key `x` (first at line 2)");
    expect_load_error("a: [1, 2\n", "2:1: YAML syntax error: did not find expected ',' or ']'");
    expect_load_error("a: b\n c: d\n", "2:3: YAML syntax error: mapping values are not "
                                        "allowed in this context");
    expect_load_error("a: 1\n---\nb: 2\n",
                      "2:1: a data file holds one YAML document; this is a second one");
    expect_load_error("? [a]\n: b\n", "1:3: a map key must be a scalar, not a list or map");
    expect_load_error("x: &s [1]\n*s : v\n",
                      "2:1: alias `*s` used as a key must refer to a string");
    expect_load_error("a: \"\xff\"\n",
                      "1:5: the file is not valid UTF-8: invalid leading UTF-8 octet");

    buf deep = BUF_INIT;
    for (int i = 0; i <= TREE_YAML_MAX_DEPTH; i++)
        buf_putc(&deep, '[');
    char want[80];
    snprintf(want, sizeof want, "1:%d: lists and maps nest deeper than %d levels",
             TREE_YAML_MAX_DEPTH + 1, TREE_YAML_MAX_DEPTH);
    expect_load_error(buf_cstr(&deep), want);
    buf_free(&deep);
}

/* Depth counts through aliases: each anchor nests the one before, so a
 * short document is deeper than any writer's stack. Exactly at the limit
 * it still loads, and writes out. */
static void test_load_depth_counts_through_aliases(void)
{
    buf chain = BUF_INIT;
    buf_puts(&chain, "- &a0 []\n");
    for (int i = 1; i < 200000; i++)
        buf_printf(&chain, "- &a%d [*a%d]\n", i, i - 1);
    char want[100];
    /* Line 512 opens level 2, and a510 holds 511 levels more. */
    snprintf(want, sizeof want, "%d:%d: alias `*a%d` nests lists and maps deeper than %d levels",
             TREE_YAML_MAX_DEPTH, (int)strlen("- &a511 [") + 1, TREE_YAML_MAX_DEPTH - 2,
             TREE_YAML_MAX_DEPTH);
    expect_load_error(buf_cstr(&chain), want);
    buf_free(&chain);

    /* In a map, at a deeper start, with a scalar anchor at the bottom. */
    buf at_limit = BUF_INIT;
    buf_puts(&at_limit, "s: &s x\nc0: &c0 [*s]\n");
    for (int i = 1; i < TREE_YAML_MAX_DEPTH - 1; i++)
        buf_printf(&at_limit, "c%d: &c%d {k: *c%d}\n", i, i, i - 1);
    arena a = ARENA_INIT;
    tree *t = load(&a, buf_cstr(&at_limit), NULL);
    CHECK(t != NULL);
    char *yaml = t ? write_yaml(t) : NULL;
    CHECK(yaml != NULL);
    free(yaml);
    buf_printf(&at_limit, "over: [*c%d]\n", TREE_YAML_MAX_DEPTH - 2);
    snprintf(want, sizeof want, "%d:8: alias `*c%d` nests lists and maps deeper than %d levels",
             TREE_YAML_MAX_DEPTH + 1, TREE_YAML_MAX_DEPTH - 2, TREE_YAML_MAX_DEPTH);
    expect_load_error(buf_cstr(&at_limit), want);
    buf_free(&at_limit);
    arena_free(&a);
}

/* Several duplicate keys are all reported, not just the first. */
static void test_load_reports_every_duplicate(void)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    const char *text = "a: 1\na: 2\nb: 1\nb: 2\n";
    CHECK(tree_yaml_load(&a, "f.yaml", text, strlen(text), &d) == NULL);
    CHECK_INT(d.errors, 2);
    CHECK_STR(d.entries[0].file, "f.yaml");
    diag_free(&d);
    arena_free(&a);
}

int main(void)
{
    test_accessors_answer_safely_for_every_kind();
    test_list_keeps_order();
    test_map_keeps_insertion_order_and_replaces_in_place();
    test_map_with_many_keys();
    test_map_copy_is_independent();
    test_equal();
    test_write_yaml_block_style();
    test_write_yaml_quotes_what_would_not_read_back();
    test_write_yaml_long_keys_and_odd_bytes();
    test_write_yaml_round_trips_random_trees();
    test_load_scalars();
    test_load_aliases_share_the_anchored_node();
    test_load_errors_carry_positions();
    test_load_depth_counts_through_aliases();
    test_load_reports_every_duplicate();
    return check_report();
}
