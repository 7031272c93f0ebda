/* ydoc: builds a node tree from libyaml events, keeping marks. Aliases share
 * the anchored node (no copy, so "billion laughs" costs nothing here);
 * merge keys (<<) are rejected because they hide where a value came from. */
#include "ydoc.h"

#include <string.h>
#include <yaml.h>

#include "strmap.h"

typedef struct builder {
    arena *a;
    const char *file;
    diag *d;
    strmap anchors;
    /* Open collections, innermost last; items gathered in a growable array. */
    struct frame {
        ynode *node;
        ynode **items;
        size_t n, cap;
        strmap *keys; /* big maps only: key text → key node, for duplicates */
        size_t weight; /* nodes below, counting aliased ones every time */
    } *stack;
    size_t depth, cap;
    ynode *root;
    int errors;
    size_t max_weight; /* guards walkers against alias bombs */
    bool too_big;
} builder;

#define YDOC_MAX_DEPTH 64

static src_pos mark_pos(const builder *b, yaml_mark_t m)
{
    return (src_pos){b->file, (int)m.line + 1, (int)m.column + 1};
}

static src_pos node_pos(const builder *b, const ynode *n)
{
    return (src_pos){b->file, n->line, n->col};
}

/* Small maps (most of them: a column's keys) are scanned; a hash map is
 * built only once a map grows past a few keys, which keeps memory low. */
#define YDOC_SCAN_KEYS 8

static ynode *find_key(builder *b, struct frame *f, ynode *key)
{
    size_t nkeys = f->n / 2;
    if (!f->keys && nkeys < YDOC_SCAN_KEYS) {
        for (size_t i = 0; i < nkeys; i++)
            if (!strcmp(f->items[2 * i]->text, key->text))
                return f->items[2 * i];
        return NULL;
    }
    if (!f->keys) {
        f->keys = arena_alloc(b->a, sizeof *f->keys);
        strmap_init(f->keys, b->a);
        for (size_t i = 0; i < nkeys; i++)
            strmap_put(f->keys, f->items[2 * i]->text, f->items[2 * i]);
    }
    return strmap_put(f->keys, key->text, key);
}

static int add_to_parent(builder *b, ynode *node)
{
    if (b->depth == 0) {
        b->root = node;
        return 0;
    }
    struct frame *f = &b->stack[b->depth - 1];
    if (f->node->kind == YNODE_MAP && f->n % 2 == 0) {
        /* node is a key */
        if (node->kind != YNODE_SCALAR) {
            diag_error(b->d, node_pos(b, node), "use a plain string as the key",
                       "map keys must be strings, not %s", ynode_kind_name(node));
            b->errors++;
            return -1;
        }
        if (!strcmp(node->text, "<<") && node->plain) {
            diag_error(b->d, node_pos(b, node), "write the keys out, or use an alias for the whole value",
                       "YAML merge keys (<<) are not supported");
            b->errors++;
            return -1;
        }
        ynode *prev = find_key(b, f, node);
        if (prev) {
            diag_error(b->d, node_pos(b, node), NULL, "duplicate key `%s`", node->text);
            diag_note(b->d, node_pos(b, prev), "`%s` first defined here", node->text);
            b->errors++;
        }
    }
    f->items = arena_grow(b->a, f->items, sizeof *f->items, &f->cap, f->n + 1);
    f->items[f->n++] = node;
    f->weight += node->weight;
    if (f->weight > b->max_weight && !b->too_big) {
        diag_error(b->d, node_pos(b, node), "aliases may not multiply the document this much",
                   "aliases expand this document to more than %zu nodes", b->max_weight);
        b->too_big = true;
        b->errors++;
        return -1;
    }
    return 0;
}

static bool is_open(const builder *b, const ynode *node)
{
    for (size_t i = 0; i < b->depth; i++)
        if (b->stack[i].node == node)
            return true;
    return false;
}

static void push(builder *b, ynode *node)
{
    if (b->depth == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 16;
        struct frame *s = arena_alloc(b->a, ncap * sizeof *s);
        if (b->stack)
            memcpy(s, b->stack, b->cap * sizeof *s);
        b->stack = s;
        b->cap = ncap;
    }
    struct frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = node;
}

static ynode *pop(builder *b)
{
    struct frame *f = &b->stack[--b->depth];
    f->node->items = f->items;
    f->node->n = (uint32_t)(f->node->kind == YNODE_MAP ? f->n / 2 : f->n);
    f->node->weight = f->weight >= UINT32_MAX ? UINT32_MAX : (uint32_t)(1 + f->weight);
    return f->node;
}

static ynode *new_node(builder *b, ynode_kind kind, yaml_mark_t m, const yaml_char_t *anchor)
{
    ynode *n = arena_alloc(b->a, sizeof *n);
    n->kind = (uint8_t)kind;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    n->weight = 1;
    if (anchor)
        strmap_put(&b->anchors, arena_strdup(b->a, (const char *)anchor), n);
    return n;
}

static void report_parser_error(builder *b, const yaml_parser_t *p)
{
    yaml_mark_t m = p->problem_mark;
    const char *hint = NULL;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    /* libyaml reports a tab used for indentation this way. */
    if (p->problem && strstr(p->problem, "cannot start any token")) {
        hint = "YAML does not allow tabs for indentation; indent with spaces";
        if (m.index < (size_t)(p->raw_buffer.end - p->raw_buffer.start) &&
            p->raw_buffer.start[m.index] != '\t')
            hint = "check this character; quote the value if it is text";
    }
    src_pos pos = mark_pos(b, m);
    if (p->context)
        diag_error(b->d, pos, hint, "YAML syntax error: %s %s", p->problem ? p->problem : "",
                   p->context);
    else
        diag_error(b->d, pos, hint, "YAML syntax error: %s", problem);
    b->errors++;
}

ynode *ydoc_parse(arena *a, const char *file, const char *text, size_t len, diag *d)
{
    builder b = {.a = a, .file = file, .d = d, .max_weight = 1000000 + 4 * len};
    strmap_init(&b.anchors, a);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(d, (src_pos){file, 0, 0}, NULL, "cannot initialise the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int documents = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&b, &parser);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                diag_error(d, mark_pos(&b, ev.start_mark), "put each document in its own file",
                           "a schema file holds one YAML document");
                b.errors++;
                done = true;
            }
            break;
        case YAML_SCALAR_EVENT: {
            ynode *n = new_node(&b, YNODE_SCALAR, ev.start_mark, ev.data.scalar.anchor);
            n->text = arena_strndup(a, (const char *)ev.data.scalar.value, ev.data.scalar.length);
            n->len = (uint32_t)ev.data.scalar.length;
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            if (memchr(n->text, '\0', n->len)) {
                diag_error(d, node_pos(&b, n), NULL, "text may not contain NUL characters");
                b.errors++;
            }
            add_to_parent(&b, n);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            bool is_map = ev.type == YAML_MAPPING_START_EVENT;
            if (b.depth >= YDOC_MAX_DEPTH) {
                diag_error(d, mark_pos(&b, ev.start_mark), NULL,
                           "nesting deeper than %d levels", YDOC_MAX_DEPTH);
                b.errors++;
                done = true;
                break;
            }
            ynode *n = new_node(&b, is_map ? YNODE_MAP : YNODE_SEQ, ev.start_mark,
                                is_map ? ev.data.mapping_start.anchor
                                       : ev.data.sequence_start.anchor);
            push(&b, n);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            add_to_parent(&b, pop(&b));
            break;
        case YAML_ALIAS_EVENT: {
            ynode *target = strmap_get(&b.anchors, (const char *)ev.data.alias.anchor);
            if (!target) {
                diag_error(d, mark_pos(&b, ev.start_mark), "define the anchor (&name) before using it",
                           "alias `*%s` names no anchor", ev.data.alias.anchor);
                b.errors++;
            } else if (is_open(&b, target)) {
                diag_error(d, mark_pos(&b, ev.start_mark), NULL,
                           "alias `*%s` refers to a node that contains it", ev.data.alias.anchor);
                b.errors++;
            } else {
                add_to_parent(&b, target);
            }
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (b.errors)
        return NULL;
    if (!b.root || (b.root->kind == YNODE_SCALAR && ynode_is_null(b.root))) {
        diag_error(d, (src_pos){file, 1, 1}, "start the file with `schemac: 1`", "the file is empty");
        return NULL;
    }
    return b.root;
}

bool ynode_is_null(const ynode *n)
{
    return n->kind == YNODE_SCALAR && n->plain &&
           (n->len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
            !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
}

int ynode_bool(const ynode *n, bool *out)
{
    if (n->kind != YNODE_SCALAR || !n->plain)
        return -1;
    if (!strcmp(n->text, "true") || !strcmp(n->text, "True") || !strcmp(n->text, "TRUE")) {
        *out = true;
        return 0;
    }
    if (!strcmp(n->text, "false") || !strcmp(n->text, "False") || !strcmp(n->text, "FALSE")) {
        *out = false;
        return 0;
    }
    return -1;
}

const char *ynode_kind_name(const ynode *n)
{
    switch (n->kind) {
    case YNODE_SCALAR:
        return ynode_is_null(n) ? "null" : "a scalar";
    case YNODE_SEQ:
        return "a list";
    case YNODE_MAP:
        return "a map";
    }
    return "?";
}
