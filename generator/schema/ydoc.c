/* ydoc: builds a node tree from libyaml events, keeping marks. Aliases share
 * the anchored node (no copy, so "billion laughs" costs nothing here);
 * merge keys (<<) are rejected because they hide where a value came from. */
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "strmap.h"
#include "yaml_error.h"

typedef struct builder {
    arena *a;
    const char *file;
    const char *text;
    size_t len;
    diag *d;
    strmap anchors;
    /* Open collections, innermost last. Their items are gathered on one
     * shared stack and copied to an array of the exact size when the
     * collection closes, so growing leaves nothing behind in the arena. */
    struct frame {
        ynode *node;
        size_t first, n; /* items[first .. first + n) */
        strmap *keys;    /* key text → key node, for duplicates; made at SMALL_MAP keys */
        size_t weight;   /* nodes below, counting aliased ones every time */
    } *stack;
    size_t depth, cap;
    ynode **items; /* malloc'd */
    size_t nitems, cap_items;
    ynode *root;
    int errors;
    /* Guards walkers against alias bombs: the nodes a full walk may visit,
     * aliased ones counted each time. Generous for real files (4 per byte
     * of input), small for a short file that multiplies itself. */
    size_t max_weight;
    bool too_big;
} builder;

#define YDOC_MAX_DEPTH 64
/* Maps this small (most of a schema: a column's flow map) find duplicate
 * keys by comparing with each earlier key, which costs less than a hash
 * map per map; larger ones get a hash map. */
#define SMALL_MAP 8

/* A key that takes part in duplicate checks (refused keys do not). */
static bool usable_key(const ynode *k)
{
    return k->kind == YNODE_SCALAR && !(k->plain && !strcmp(k->text, "<<"));
}

/* The earlier key of map frame f with the text of `key`, or NULL; records
 * `key` for the next lookups. */
static ynode *remember_key(builder *b, struct frame *f, ynode *key)
{
    size_t nkeys = f->n / 2;
    if (nkeys < SMALL_MAP) {
        for (size_t i = 0; i < nkeys; i++) {
            ynode *k = b->items[f->first + 2 * i];
            if (usable_key(k) && k->len == key->len && !strcmp(k->text, key->text))
                return k;
        }
        return NULL;
    }
    if (!f->keys) {
        f->keys = arena_alloc(b->a, sizeof *f->keys);
        strmap_init(f->keys, b->a);
        for (size_t i = 0; i < nkeys; i++) {
            ynode *k = b->items[f->first + 2 * i];
            if (usable_key(k))
                strmap_put(f->keys, k->text, k);
        }
    }
    return strmap_put(f->keys, key->text, key);
}

static src_pos mark_pos(const builder *b, yaml_mark_t m)
{
    return (src_pos){b->file, (int)m.line + 1, (int)m.column + 1};
}

static src_pos node_pos(const builder *b, const ynode *n)
{
    return (src_pos){b->file, n->line, n->col};
}

static int add_to_parent(builder *b, ynode *node)
{
    if (b->depth == 0) {
        b->root = node;
        return 0;
    }
    struct frame *f = &b->stack[b->depth - 1];
    /* A bad key is reported and still stored, so that its value is not
     * taken for the next key. */
    if (f->node->kind == YNODE_MAP && f->n % 2 == 0) {
        ynode *prev = NULL;
        if (node->kind != YNODE_SCALAR) {
            diag_error(b->d, node_pos(b, node), "use a plain string as the key",
                       "map keys must be strings, not %s", ynode_kind_name(node));
            b->errors++;
        } else if (!strcmp(node->text, "<<") && node->plain) {
            diag_error(b->d, node_pos(b, node),
                       "write the keys out, or use an alias for the whole value",
                       "YAML merge keys (<<) are not supported");
            b->errors++;
        } else {
            prev = remember_key(b, f, node);
        }
        if (prev) {
            diag_error(b->d, node_pos(b, node), NULL, "duplicate key `%s`", node->text);
            diag_note(b->d, node_pos(b, prev), "`%s` first defined here", node->text);
            b->errors++;
        }
    }
    if (b->nitems == b->cap_items) {
        b->cap_items = b->cap_items ? 2 * b->cap_items : 256;
        b->items = realloc(b->items, b->cap_items * sizeof *b->items);
        if (!b->items)
            abort();
    }
    b->items[b->nitems++] = node;
    f->n++;
    f->weight += node->weight;
    if (f->weight > b->max_weight && !b->too_big) {
        diag_error(b->d, node_pos(b, node),
                   "an alias repeats its anchor's whole value; nest them less",
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
    f->first = b->nitems;
}

static ynode *pop(builder *b)
{
    struct frame *f = &b->stack[--b->depth];
    if (f->n) {
        f->node->items = arena_alloc(b->a, f->n * sizeof *f->node->items);
        memcpy(f->node->items, b->items + f->first, f->n * sizeof *f->node->items);
    }
    b->nitems = f->first;
    f->node->n = f->node->kind == YNODE_MAP ? f->n / 2 : f->n;
    f->node->weight = 1 + f->weight;
    return f->node;
}

static ynode *new_node(builder *b, ynode_kind kind, yaml_mark_t m, const yaml_char_t *anchor)
{
    ynode *n = arena_alloc(b->a, sizeof *n);
    n->kind = kind;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    n->weight = 1;
    /* YAML lets a later anchor of the same name replace the first; a
     * schema is clearer without that, so it is an error here. */
    const ynode *prev =
        anchor ? strmap_put(&b->anchors, arena_strdup(b->a, (const char *)anchor), n) : NULL;
    if (prev) {
        diag_error(b->d, node_pos(b, n), "give each anchor its own name",
                   "anchor `&%s` is defined twice", (const char *)anchor);
        diag_note(b->d, node_pos(b, prev), "`&%s` first defined here", (const char *)anchor);
        b->errors++;
    }
    return n;
}

static void report_parser_error(builder *b, const yaml_parser_t *p)
{
    b->errors++;
    yaml_report_parser_error(b->d, b->file, b->text, b->len, p);
}

ynode *ydoc_parse(arena *a, const char *file, const char *text, size_t len, diag *d)
{
    builder b = {.a = a, .file = file, .text = text, .len = len, .d = d,
                 .max_weight = 100000 + 4 * len};
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
            n->len = ev.data.scalar.length;
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
                diag_error(d, mark_pos(&b, ev.start_mark),
                           "define the anchor (&name) before using it",
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
    free(b.items);
    if (b.errors)
        return NULL;
    if (!b.root || (b.root->kind == YNODE_SCALAR && ynode_is_null(b.root))) {
        bool blank = true;
        for (size_t i = 0; i < len && blank; i++)
            blank = text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t';
        diag_error(d, (src_pos){file, 1, 1}, "start the file with `schemac: 1`",
                   blank ? "the file is empty" : "the file holds no YAML value, only comments");
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

int ydoc_bool_text(const char *text, bool *out)
{
    if (!strcmp(text, "true") || !strcmp(text, "True") || !strcmp(text, "TRUE")) {
        *out = true;
        return 0;
    }
    if (!strcmp(text, "false") || !strcmp(text, "False") || !strcmp(text, "FALSE")) {
        *out = false;
        return 0;
    }
    return -1;
}

int ynode_bool(const ynode *n, bool *out)
{
    if (n->kind != YNODE_SCALAR || !n->plain)
        return -1;
    return ydoc_bool_text(n->text, out);
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
