/* strmap: FNV-1a hashing, linear probing, grows at 50% load; see strmap.h. */
#include "strmap.h"

#include <string.h>

static size_t hash_string(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

void strmap_init(strmap *m, arena *a)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
}

static strmap_slot *find_slot(strmap_slot *slots, size_t cap, const char *key, size_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void *strmap_get(const strmap *m, const char *key)
{
    if (!m->count)
        return NULL;
    strmap_slot *s = find_slot(m->slots, m->cap, key, hash_string(key));
    return s->key ? s->value : NULL;
}

/* Rehashes into a table of `cap` slots (a power of two). */
static void resize(strmap *m, size_t cap)
{
    strmap_slot *slots = arena_alloc(m->arena, cap * sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find_slot(slots, cap, m->slots[i].key, m->slots[i].hash) = m->slots[i];
    m->slots = slots;
    m->cap = cap;
}

static void grow(strmap *m) { resize(m, m->cap ? m->cap * 2 : 16); }

void strmap_reserve(strmap *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 16;
    while ((n + 1) * 2 > cap)
        cap *= 2;
    if (cap > m->cap)
        resize(m, cap);
}

void strmap_clear(strmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->count = 0;
}

void *strmap_put(strmap *m, const char *key, void *value)
{
    if ((m->count + 1) * 2 > m->cap)
        grow(m);
    size_t h = hash_string(key);
    strmap_slot *s = find_slot(m->slots, m->cap, key, h);
    if (s->key)
        return s->value;
    s->key = key;
    s->value = value;
    s->hash = h;
    m->count++;
    return NULL;
}
