/* ydoc: one YAML file → a tree of nodes that keep their source positions.
 * Only syntax lives here (libyaml errors, duplicate keys, aliases); what the
 * keys mean is load's job. */
#ifndef SCHEMAC_YDOC_H
#define SCHEMAC_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP } ynode_kind;

/* Kept small (48 bytes): a schema file becomes one node per scalar, list
 * and map, and the whole tree is alive while the file loads. */
typedef struct ynode ynode;
struct ynode {
    ynode_kind kind;
    bool plain;       /* scalar written without quotes (so `true` is a bool) */
    int line, col;    /* 1-based; the file is the one parsed */
    const char *text; /* scalar value, NUL-terminated */
    ynode **items;    /* seq: n items; map: n pairs as keys[i] = items[2i], values[i] = items[2i+1] */
    union {
        size_t len;   /* scalar: bytes of text */
        size_t n;     /* seq, map: see items */
    };
    size_t weight;    /* 1 + weight of children: what a full walk visits */
};

#define YNODE_KEY(map, i) ((map)->items[2 * (i)])
#define YNODE_VALUE(map, i) ((map)->items[2 * (i) + 1])

/* Parses `text` (the contents of `file`) into a. Returns the root node, or
 * NULL after reporting errors. An empty document is reported as an error. */
ynode *ydoc_parse(arena *a, const char *file, const char *text, size_t len, diag *d);

/* Plain scalar that is YAML null (`~`, `null`, empty). */
bool ynode_is_null(const ynode *n);
/* Parses a plain `true`/`false` scalar into *out; -1 if it is not one. */
int ynode_bool(const ynode *n, bool *out);
/* The same spellings (true, True, TRUE, false, ...) in any text. */
int ydoc_bool_text(const char *text, bool *out);
/* Human name of a node kind for messages: "a string", "a list", "a map". */
const char *ynode_kind_name(const ynode *n);

#endif
