/* strmap: string-keyed hash map (open addressing) for name lookups.
 * Storage comes from an arena; keys are not copied and must outlive the map. */
#ifndef SCHEMAC_STRMAP_H
#define SCHEMAC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct strmap_slot {
    const char *key;
    void *value;
    size_t hash;
} strmap_slot;

typedef struct strmap {
    arena *arena;
    strmap_slot *slots;
    size_t cap, count;
} strmap;

void strmap_init(strmap *m, arena *a);
void *strmap_get(const strmap *m, const char *key);
/* Inserts key → value unless the key is present. Returns the value already
 * stored for it (the insert did nothing), or NULL when it inserted. */
void *strmap_put(strmap *m, const char *key, void *value);
/* Makes room for `n` keys in all, so that filling the map to that size
 * does not grow it (each growth leaves the old table in the arena). */
void strmap_reserve(strmap *m, size_t n);
/* Removes every key, keeping the room: one map can serve many rounds. */
void strmap_clear(strmap *m);

#endif
