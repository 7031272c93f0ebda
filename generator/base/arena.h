/* arena: bump allocator. Everything a loaded schema owns lives in one arena
 * and is freed with one arena_free call; nodes never free themselves. */
#ifndef SCHEMAC_ARENA_H
#define SCHEMAC_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;
    size_t total;        /* bytes handed out, for statistics */
    arena_block *spare;  /* blocks arena_reset emptied, used before new ones */
} arena;

#define ARENA_INIT {NULL, 0, NULL}

/* Zeroed memory for `size` bytes, 8-byte aligned. Aborts on OOM. */
void *arena_alloc(arena *a, size_t size);
/* Copy of `s` (NUL-terminated) in the arena. */
char *arena_strdup(arena *a, const char *s);
/* Copy of the first `n` bytes of `s`, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Grow an array of `*cap` elements of `elem` bytes to hold `need`; old
 * storage stays in the arena (it is freed with it). Returns the array. */
void *arena_grow(arena *a, void *array, size_t elem, size_t *cap, size_t need);
/* Frees every block. The arena can be reused afterwards. */
void arena_free(arena *a);
/* Frees everything allocated, but keeps the blocks for what comes next: a
 * loop that fills and empties an arena each round faults its pages in once,
 * not every round. */
void arena_reset(arena *a);

#endif
