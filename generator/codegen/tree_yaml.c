/* tree_yaml: libyaml events to tree nodes with an explicit stack (no C
 * recursion, so deep input cannot overflow it); see tree_yaml.h. */
#include "tree_yaml.h"

#include <stdbool.h>
#include <string.h>
#include <yaml.h>

#include "yaml_error.h"

typedef struct frame {
    tree *node; /* a list or a map being filled */
    const char *anchor; /* registered when the collection ends */
    bool have_key; /* map: a key was read, its value comes next */
    bool drop_value; /* map: the key was a duplicate */
    const char *key;
    size_t key_len;
    int *key_lines; /* map: line of each entry's key, for duplicate messages */
    size_t key_lines_cap;
    size_t height; /* levels of lists and maps in the node, itself included */
} frame;

typedef struct loader {
    arena *a;
    diag *d;
    const char *file, *text;
    size_t len;
    frame *stack;
    size_t depth, cap;
    tree *anchors; /* name -> node */
    size_t *anchor_heights; /* by position in `anchors`: the node's height */
    size_t anchor_heights_cap;
    tree *open_anchors; /* name -> true while its collection is being read */
    tree *root;
    bool failed;
} loader;

static src_pos mark_pos(const loader *l, yaml_mark_t m)
{
    return (src_pos){l->file, (int)m.line + 1, (int)m.column + 1};
}

static void report_parser_error(loader *l, const yaml_parser_t *p)
{
    yaml_report_parser_error(l->d, l->file, l->text, l->len, p);
    l->failed = true;
}

static bool is_word(const char *s, size_t n, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
            return true;
    return false;
}

/* YAML 1.2 core schema spellings for null and booleans; every other plain
 * scalar (numbers included) stays a string exactly as written. */
static tree *scalar_node(loader *l, const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (ev->data.scalar.plain_implicit && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        static const char *const nulls[] = {"null", "Null", "NULL", "~"};
        static const char *const trues[] = {"true", "True", "TRUE"};
        static const char *const falses[] = {"false", "False", "FALSE"};
        if (n == 0 || is_word(v, n, nulls, 4))
            return tree_new_null(l->a);
        if (is_word(v, n, trues, 3))
            return tree_new_bool(l->a, true);
        if (is_word(v, n, falses, 3))
            return tree_new_bool(l->a, false);
    }
    return tree_new_string_n(l->a, v, n);
}

static frame *top(loader *l) { return l->depth ? &l->stack[l->depth - 1] : NULL; }

static bool expecting_key(loader *l)
{
    frame *f = top(l);
    return f && tree_kind_of(f->node) == TREE_MAP && !f->have_key;
}

static void add_key(loader *l, const char *key, size_t len, yaml_mark_t mark)
{
    frame *f = top(l);
    f->have_key = true;
    f->key = arena_strndup(l->a, key, len);
    f->key_len = len;
    size_t first = tree_map_find(f->node, key, len);
    f->drop_value = first != TREE_NOT_FOUND;
    if (f->drop_value) {
        diag_error(l->d, mark_pos(l, mark), "remove one of them or rename it",
                   "duplicate key `%s` (first at line %d)", f->key, f->key_lines[first]);
        l->failed = true;
        return;
    }
    size_t n = tree_len(f->node);
    f->key_lines = arena_grow(l->a, f->key_lines, sizeof *f->key_lines, &f->key_lines_cap, n + 1);
    f->key_lines[n] = (int)mark.line + 1;
}

/* Registers `node` under anchor `name`, with its height (0: a scalar). */
static void set_anchor(loader *l, const char *name, tree *node, size_t height)
{
    tree_map_set(l->anchors, name, node);
    size_t pos = tree_map_find(l->anchors, name, strlen(name));
    l->anchor_heights = arena_grow(l->a, l->anchor_heights, sizeof *l->anchor_heights,
                                   &l->anchor_heights_cap, pos + 1);
    l->anchor_heights[pos] = height;
}

/* Adds `node`, `height` levels of lists and maps high, to the open
 * collection (or makes it the root). */
static void add_value(loader *l, tree *node, size_t height)
{
    frame *f = top(l);
    if (f && f->height < height + 1)
        f->height = height + 1;
    if (!f) {
        l->root = node;
    } else if (tree_kind_of(f->node) == TREE_LIST) {
        tree_list_push(f->node, node);
    } else {
        if (!f->drop_value)
            tree_map_set_n(f->node, f->key, f->key_len, node);
        f->have_key = false;
    }
}

/* Returns -1 when loading cannot go on. */
static int start_collection(loader *l, tree *node, const yaml_char_t *anchor, yaml_mark_t mark)
{
    if (expecting_key(l)) {
        diag_error(l->d, mark_pos(l, mark), "write the key as a plain or quoted string",
                   "a map key must be a scalar, not a list or map");
        l->failed = true;
        return -1;
    }
    if (l->depth >= TREE_YAML_MAX_DEPTH) {
        diag_error(l->d, mark_pos(l, mark), NULL, "lists and maps nest deeper than %d levels",
                   TREE_YAML_MAX_DEPTH);
        l->failed = true;
        return -1;
    }
    l->stack = arena_grow(l->a, l->stack, sizeof *l->stack, &l->cap, l->depth + 1);
    frame *f = &l->stack[l->depth++];
    memset(f, 0, sizeof *f);
    f->node = node;
    f->height = 1;
    if (anchor) {
        f->anchor = arena_strdup(l->a, (const char *)anchor);
        tree_map_set(l->open_anchors, f->anchor, tree_new_bool(l->a, true));
    }
    return 0;
}

static void end_collection(loader *l)
{
    frame f = l->stack[--l->depth];
    if (f.anchor) {
        tree_map_set(l->open_anchors, f.anchor, tree_new_bool(l->a, false));
        set_anchor(l, f.anchor, f.node, f.height);
    }
    add_value(l, f.node, f.height);
}

static void add_alias(loader *l, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    size_t pos = tree_map_find(l->anchors, name, strlen(name));
    tree *node = pos == TREE_NOT_FOUND ? NULL : tree_map_value(l->anchors, pos);
    size_t height = node ? l->anchor_heights[pos] : 0;
    if (tree_bool(tree_map_get(l->open_anchors, name))) {
        diag_error(l->d, mark_pos(l, ev->start_mark), "recursive data cannot be loaded",
                   "alias `*%s` refers to a node that contains it", name);
        l->failed = true;
        node = NULL;
    } else if (!node) {
        diag_error(l->d, mark_pos(l, ev->start_mark),
                   "define the anchor with `&name` before the alias", "undefined alias `*%s`",
                   name);
        l->failed = true;
    } else if (l->depth + height > TREE_YAML_MAX_DEPTH) {
        /* The alias shares its anchor's node, but whatever walks the tree
         * goes down through it: the depth limit counts it in full. */
        diag_error(l->d, mark_pos(l, ev->start_mark),
                   "an alias repeats its anchor's whole value here; nest them less",
                   "alias `*%s` nests lists and maps deeper than %d levels", name,
                   TREE_YAML_MAX_DEPTH);
        l->failed = true;
        node = NULL;
    }
    if (expecting_key(l)) {
        if (node && tree_kind_of(node) != TREE_STRING) {
            diag_error(l->d, mark_pos(l, ev->start_mark), NULL,
                       "alias `*%s` used as a key must refer to a string", name);
            l->failed = true;
            node = NULL;
        }
        add_key(l, node ? tree_string(node) : "", tree_string_len(node), ev->start_mark);
        return;
    }
    add_value(l, node ? node : tree_new_null(l->a), node ? height : 0);
}

tree *tree_yaml_load(arena *a, const char *file, const char *text, size_t len, diag *d)
{
    loader l = {.a = a, .d = d, .file = file, .text = text, .len = len};
    l.anchors = tree_new_map(a);
    l.open_anchors = tree_new_map(a);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(d, (src_pos){file, 0, 0}, NULL, "out of memory while reading YAML");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int documents = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&l, &parser);
            break;
        }
        int err = 0;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                diag_error(d, mark_pos(&l, ev.start_mark),
                           "remove the `---` line or split the file",
                           "a data file holds one YAML document; this is a second one");
                l.failed = true;
                err = -1;
            }
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            if (expecting_key(&l)) {
                if (ev.data.scalar.anchor)
                    set_anchor(&l, (const char *)ev.data.scalar.anchor,
                               tree_new_string_n(a, v, ev.data.scalar.length), 0);
                add_key(&l, v, ev.data.scalar.length, ev.start_mark);
                break;
            }
            tree *node = scalar_node(&l, &ev);
            if (ev.data.scalar.anchor)
                set_anchor(&l, (const char *)ev.data.scalar.anchor, node, 0);
            add_value(&l, node, 0);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
            err = start_collection(&l, tree_new_list(a), ev.data.sequence_start.anchor,
                                   ev.start_mark);
            break;
        case YAML_MAPPING_START_EVENT:
            err = start_collection(&l, tree_new_map(a), ev.data.mapping_start.anchor,
                                   ev.start_mark);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            end_collection(&l);
            break;
        case YAML_ALIAS_EVENT:
            add_alias(&l, &ev);
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (err < 0)
            break;
    }
    yaml_parser_delete(&parser);
    if (l.failed)
        return NULL;
    return l.root ? l.root : tree_new_null(a);
}
