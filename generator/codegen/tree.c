/* tree: value nodes, ordered maps with a lazily built hash index, and the
 * YAML writer; see tree.h. Reading YAML is tree_yaml's job. */
#include "tree.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Maps up to this many entries are searched linearly; the entry that takes
 * a map past it builds a hash index, which later sets keep up to date.
 * Lookups never write, so a finished tree can be read from any thread. */
#define TREE_MAP_LINEAR_MAX 8

typedef struct tree_entry {
    const char *key;
    size_t key_len;
    uint64_t hash;
    tree *value;
} tree_entry;

struct tree {
    tree_kind kind;
    bool boolean;
    size_t len; /* string bytes, list items or map entries */
    size_t cap;
    arena *arena;
    union {
        const char *string;
        tree **items;
        tree_entry *entries;
    } u;
    uint32_t *index; /* slots hold entry position + 1; 0 is empty */
    size_t index_cap; /* a power of two, or 0 before the index exists */
};

static tree *new_node(arena *a, tree_kind kind)
{
    tree *t = arena_alloc(a, sizeof *t);
    t->kind = kind;
    t->arena = a;
    return t;
}

tree *tree_new_null(arena *a) { return new_node(a, TREE_NULL); }

tree *tree_new_bool(arena *a, bool value)
{
    tree *t = new_node(a, TREE_BOOL);
    t->boolean = value;
    return t;
}

tree *tree_new_string_n(arena *a, const char *s, size_t len)
{
    tree *t = new_node(a, TREE_STRING);
    t->u.string = arena_strndup(a, s, len);
    t->len = len;
    return t;
}

tree *tree_new_string(arena *a, const char *s) { return tree_new_string_n(a, s, strlen(s)); }

tree *tree_new_list(arena *a) { return new_node(a, TREE_LIST); }

tree *tree_new_map(arena *a) { return new_node(a, TREE_MAP); }

void tree_list_push(tree *list, tree *item)
{
    if (!list || list->kind != TREE_LIST)
        return;
    list->u.items = arena_grow(list->arena, list->u.items, sizeof *list->u.items,
                               &list->cap, list->len + 1);
    list->u.items[list->len++] = item;
}

/* FNV-1a: short keys, no need for anything stronger. */
static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211u;
    }
    return h;
}

static bool entry_is(const tree_entry *e, const char *key, size_t len, uint64_t hash)
{
    return e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0;
}

static void index_insert(tree *map, size_t pos)
{
    size_t mask = map->index_cap - 1;
    size_t slot = (size_t)map->u.entries[pos].hash & mask;
    while (map->index[slot])
        slot = (slot + 1) & mask;
    map->index[slot] = (uint32_t)(pos + 1);
}

/* (Re)builds the index so that it stays at most half full with `need`
 * entries. The old index stays in the arena; growth doubles, so that
 * waste is bounded by the final size. */
static void index_reserve(tree *map, size_t need)
{
    if (map->index_cap && need * 2 <= map->index_cap)
        return;
    size_t cap = 16;
    while (cap < need * 2)
        cap *= 2;
    map->index = arena_alloc(map->arena, cap * sizeof *map->index);
    map->index_cap = cap;
    for (size_t i = 0; i < map->len; i++)
        index_insert(map, i);
}

static size_t map_find_hashed(const tree *map, const char *key, size_t len, uint64_t hash)
{
    if (!map->index_cap) {
        for (size_t i = 0; i < map->len; i++)
            if (entry_is(&map->u.entries[i], key, len, hash))
                return i;
        return TREE_NOT_FOUND;
    }
    size_t mask = map->index_cap - 1;
    for (size_t slot = (size_t)hash & mask; map->index[slot]; slot = (slot + 1) & mask) {
        size_t pos = map->index[slot] - 1;
        if (entry_is(&map->u.entries[pos], key, len, hash))
            return pos;
    }
    return TREE_NOT_FOUND;
}

size_t tree_map_find(const tree *map, const char *key, size_t key_len)
{
    if (!map || map->kind != TREE_MAP)
        return TREE_NOT_FOUND;
    return map_find_hashed(map, key, key_len, hash_key(key, key_len));
}

bool tree_map_set_n(tree *map, const char *key, size_t key_len, tree *value)
{
    if (!map || map->kind != TREE_MAP)
        return false;
    uint64_t hash = hash_key(key, key_len);
    size_t pos = map_find_hashed(map, key, key_len, hash);
    if (pos != TREE_NOT_FOUND) {
        map->u.entries[pos].value = value;
        return true;
    }
    map->u.entries = arena_grow(map->arena, map->u.entries, sizeof *map->u.entries,
                                &map->cap, map->len + 1);
    tree_entry *e = &map->u.entries[map->len];
    e->key = arena_strndup(map->arena, key, key_len);
    e->key_len = key_len;
    e->hash = hash;
    e->value = value;
    map->len++;
    if (map->index_cap || map->len > TREE_MAP_LINEAR_MAX) {
        size_t had = map->index_cap;
        index_reserve(map, map->len);
        if (had == map->index_cap) /* not rebuilt: add the new entry */
            index_insert(map, map->len - 1);
    }
    return false;
}

tree *tree_map_copy(arena *a, const tree *map)
{
    tree *c = tree_new_map(a);
    size_t n = tree_len(map);
    if (!n || map->kind != TREE_MAP)
        return c;
    /* Entries and index as they are: no key is hashed or looked up again. */
    c->u.entries = arena_alloc(a, n * sizeof *c->u.entries);
    memcpy(c->u.entries, map->u.entries, n * sizeof *c->u.entries);
    c->len = c->cap = n;
    if (map->index_cap) {
        c->index = arena_alloc(a, map->index_cap * sizeof *c->index);
        memcpy(c->index, map->index, map->index_cap * sizeof *c->index);
        c->index_cap = map->index_cap;
    }
    return c;
}

bool tree_map_set(tree *map, const char *key, tree *value)
{
    return tree_map_set_n(map, key, strlen(key), value);
}

tree *tree_map_get_n(const tree *map, const char *key, size_t key_len)
{
    size_t pos = tree_map_find(map, key, key_len);
    return pos == TREE_NOT_FOUND ? NULL : map->u.entries[pos].value;
}

tree *tree_map_get(const tree *map, const char *key)
{
    return tree_map_get_n(map, key, strlen(key));
}

tree_kind tree_kind_of(const tree *t) { return t ? t->kind : TREE_NULL; }

bool tree_bool(const tree *t) { return t && t->kind == TREE_BOOL && t->boolean; }

const char *tree_string(const tree *t)
{
    return t && t->kind == TREE_STRING ? t->u.string : NULL;
}

size_t tree_string_len(const tree *t) { return t && t->kind == TREE_STRING ? t->len : 0; }

size_t tree_len(const tree *t)
{
    return t && (t->kind == TREE_LIST || t->kind == TREE_MAP) ? t->len : 0;
}

tree *tree_list_at(const tree *list, size_t i)
{
    return list && list->kind == TREE_LIST && i < list->len ? list->u.items[i] : NULL;
}

const char *tree_map_key(const tree *map, size_t i)
{
    return map && map->kind == TREE_MAP && i < map->len ? map->u.entries[i].key : NULL;
}

size_t tree_map_key_len(const tree *map, size_t i)
{
    return map && map->kind == TREE_MAP && i < map->len ? map->u.entries[i].key_len : 0;
}

tree *tree_map_value(const tree *map, size_t i)
{
    return map && map->kind == TREE_MAP && i < map->len ? map->u.entries[i].value : NULL;
}

bool tree_equal(const tree *a, const tree *b)
{
    tree_kind ka = tree_kind_of(a), kb = tree_kind_of(b);
    if (ka != kb)
        return false;
    switch (ka) {
    case TREE_NULL:
        return true;
    case TREE_BOOL:
        return a->boolean == b->boolean;
    case TREE_STRING:
        return a->len == b->len && memcmp(a->u.string, b->u.string, a->len) == 0;
    case TREE_LIST:
        if (a->len != b->len)
            return false;
        for (size_t i = 0; i < a->len; i++)
            if (!tree_equal(a->u.items[i], b->u.items[i]))
                return false;
        return true;
    case TREE_MAP:
        if (a->len != b->len)
            return false;
        for (size_t i = 0; i < a->len; i++) {
            const tree_entry *ea = &a->u.entries[i], *eb = &b->u.entries[i];
            if (ea->key_len != eb->key_len || memcmp(ea->key, eb->key, ea->key_len) ||
                !tree_equal(ea->value, eb->value))
                return false;
        }
        return true;
    }
    return false;
}

/* ---- YAML writer ---- */

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length
 * and sets *cp, or 0 for an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || len > n || s[0] > 0xF4)
        return 0;
    uint32_t c = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* What libyaml accepts unescaped inside a scalar (its IS_PRINTABLE, less
 * the line breaks, which a plain scalar cannot hold either). */
static bool printable(uint32_t c)
{
    return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
}

static bool equals_nocase(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* True when a plain scalar would not read back as this exact string, in
 * our loader or in a YAML 1.1 one (yes/no/on/off, numbers, timestamps). */
static bool needs_quotes(const char *s, size_t len)
{
    static const char *const reserved[] = {"null", "~", "true", "false", "yes", "no",
                                           "on", "off", "y", "n", ".inf", "-.inf",
                                           "+.inf", ".nan", "<<", "="};
    if (len == 0)
        return true;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (equals_nocase(s, len, reserved[i]))
            return true;
    unsigned char c0 = (unsigned char)s[0];
    if ((c0 && strchr("-?:,[]{}#&*!|>'\"%@` \t", c0)) || (c0 >= '0' && c0 <= '9'))
        return true;
    /* "+1", ".5", "-.5" read as numbers; "..." ends a document. */
    if ((c0 == '+' || c0 == '.') && len > 1 &&
        ((s[1] >= '0' && s[1] <= '9') || s[1] == '.'))
        return true;
    if (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == ':')
        return true;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        if (!n || !printable(cp))
            return true;
        if ((cp == ':' && i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t')) ||
            (cp == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')))
            return true;
        i += n;
    }
    return false;
}

static void write_quoted(const char *s, size_t len, buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    buf_putc(out, '"');
    size_t run = 0; /* start of the bytes not yet written */
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        const char *esc = NULL;
        char hex[12];
        if (!n) {
            /* Not UTF-8: YAML has no raw bytes, so the byte becomes U+00XX. */
            snprintf(hex, sizeof hex, "\\x%02X", u[i]);
            esc = hex;
            n = 1;
        } else if (cp == '"') {
            esc = "\\\"";
        } else if (cp == '\\') {
            esc = "\\\\";
        } else if (!printable(cp)) {
            switch (cp) {
            case 0: esc = "\\0"; break;
            case '\a': esc = "\\a"; break;
            case '\b': esc = "\\b"; break;
            case '\t': esc = "\\t"; break;
            case '\n': esc = "\\n"; break;
            case '\v': esc = "\\v"; break;
            case '\f': esc = "\\f"; break;
            case '\r': esc = "\\r"; break;
            case 0x1B: esc = "\\e"; break;
            case 0x85: esc = "\\N"; break;
            case 0x2028: esc = "\\L"; break;
            case 0x2029: esc = "\\P"; break;
            default:
                snprintf(hex, sizeof hex, cp <= 0xFF ? "\\x%02X" : "\\u%04X", (unsigned)cp);
                esc = hex;
            }
        }
        if (esc) {
            buf_add(out, s + run, i - run);
            buf_puts(out, esc);
            run = i + n;
        }
        i += n;
    }
    buf_add(out, s + run, len - run);
    buf_putc(out, '"');
}

static void write_string(const char *s, size_t len, buf *out)
{
    if (needs_quotes(s, len))
        write_quoted(s, len, out);
    else
        buf_add(out, s, len);
}

static bool is_collection(const tree *t)
{
    tree_kind k = tree_kind_of(t);
    return (k == TREE_LIST || k == TREE_MAP) && t->len > 0;
}

/* A scalar or an empty collection, on the current line. */
static void write_inline(const tree *t, buf *out)
{
    switch (tree_kind_of(t)) {
    case TREE_NULL: buf_puts(out, "null"); break;
    case TREE_BOOL: buf_puts(out, t->boolean ? "true" : "false"); break;
    case TREE_STRING: write_string(t->u.string, t->len, out); break;
    case TREE_LIST: buf_puts(out, "[]"); break;
    case TREE_MAP: buf_puts(out, "{}"); break;
    }
}

static void write_block(const tree *t, size_t indent, bool first_inline, buf *out);

/* Writes what follows "key:" or "-": a scalar on the same line, or a
 * collection (on the next lines for a map value, compact after "-"). */
static void write_value(const tree *v, size_t indent, bool after_dash, buf *out)
{
    if (!is_collection(v)) {
        buf_putc(out, ' ');
        write_inline(v, out);
        buf_putc(out, '\n');
    } else if (after_dash) {
        buf_putc(out, ' ');
        write_block(v, indent + 2, true, out);
    } else {
        buf_putc(out, '\n');
        write_block(v, indent + 2, false, out);
    }
}

/* Longer keys need the explicit "? key" form: YAML limits implicit keys
 * to 1024 characters. */
#define YAML_IMPLICIT_KEY_MAX 1000

static void write_block(const tree *t, size_t indent, bool first_inline, buf *out)
{
    for (size_t i = 0; i < t->len; i++) {
        if (i > 0 || !first_inline)
            buf_repeat(out, ' ', indent);
        if (t->kind == TREE_LIST) {
            buf_putc(out, '-');
            write_value(t->u.items[i], indent, true, out);
            continue;
        }
        const tree_entry *e = &t->u.entries[i];
        if (e->key_len > YAML_IMPLICIT_KEY_MAX) {
            buf_puts(out, "? ");
            write_quoted(e->key, e->key_len, out);
            buf_putc(out, '\n');
            buf_repeat(out, ' ', indent);
        } else {
            write_string(e->key, e->key_len, out);
        }
        buf_putc(out, ':');
        write_value(e->value, indent, false, out);
    }
}

void tree_write_yaml(const tree *t, buf *out)
{
    if (is_collection(t)) {
        write_block(t, 0, false, out);
    } else {
        write_inline(t, out);
        buf_putc(out, '\n');
    }
}
