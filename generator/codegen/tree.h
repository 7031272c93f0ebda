/* tree: a small dynamic value tree (null, bool, string, list, map) used as
 * template context and for YAML data. Nodes live in an arena and are never
 * freed one by one; maps keep insertion order and, past 8 keys, a hash
 * index, so lookups stay O(1) on average. */
#ifndef SCHEMAC_TREE_H
#define SCHEMAC_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

typedef enum tree_kind { TREE_NULL, TREE_BOOL, TREE_STRING, TREE_LIST, TREE_MAP } tree_kind;

typedef struct tree tree;

/* tree_map_find's answer for a key that is not there. */
#define TREE_NOT_FOUND ((size_t)-1)

tree *tree_new_null(arena *a);
tree *tree_new_bool(arena *a, bool value);
/* Strings are copied into the arena; they may hold NUL bytes (use _n). */
tree *tree_new_string(arena *a, const char *s);
tree *tree_new_string_n(arena *a, const char *s, size_t len);
/* Lists and maps remember their arena and grow in it. */
tree *tree_new_list(arena *a);
tree *tree_new_map(arena *a);

/* Appends `item` to `list` (ignored when `list` is not a list). */
void tree_list_push(tree *list, tree *item);

/* Sets `key` (copied) to `value`. A new key goes last; an existing key keeps
 * its place and gets the new value, and the call returns true. */
bool tree_map_set(tree *map, const char *key, tree *value);
bool tree_map_set_n(tree *map, const char *key, size_t key_len, tree *value);
/* A new map in `a` with the entries of `map` (not a map: an empty one), in
 * order; the keys and values are shared, not copied. Setting a key on the
 * copy leaves `map` alone. */
tree *tree_map_copy(arena *a, const tree *map);
/* The value of `key`, or NULL when `map` is not a map or has no such key. */
tree *tree_map_get(const tree *map, const char *key);
tree *tree_map_get_n(const tree *map, const char *key, size_t key_len);
/* Position of `key` among the entries, or TREE_NOT_FOUND. */
size_t tree_map_find(const tree *map, const char *key, size_t key_len);

/* Accessors. Each is safe on any kind and answers NULL, 0 or false when the
 * node is not of the kind it reads; a NULL pointer reads as TREE_NULL. */
tree_kind tree_kind_of(const tree *t);
bool tree_bool(const tree *t);
const char *tree_string(const tree *t); /* NUL-terminated */
size_t tree_string_len(const tree *t);
size_t tree_len(const tree *t); /* items of a list, entries of a map */
tree *tree_list_at(const tree *list, size_t i);
const char *tree_map_key(const tree *map, size_t i); /* NUL-terminated */
size_t tree_map_key_len(const tree *map, size_t i);
tree *tree_map_value(const tree *map, size_t i);

/* Same kind and same content, maps compared in order. */
bool tree_equal(const tree *a, const tree *b);

/* Appends `t` as block-style YAML that tree_yaml reads back as the same
 * tree. Strings are quoted (double quotes, with escapes) whenever YAML
 * would read them as anything but that string. Strings must be UTF-8. */
void tree_write_yaml(const tree *t, buf *out);

#endif
