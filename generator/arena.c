/* arena: bump allocator in blocks of at least 64 KiB; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Big enough that calloc takes fresh zero pages from mmap rather than
 * clearing heap memory; untouched pages of a small schema cost nothing. */
#define ARENA_BLOCK_MIN (1024 * 1024)
/* 8 suffices for every type schemac allocates; 16 wasted memory on the
 * millions of small strings of a big schema. */
#define ARENA_ALIGN 8

struct arena_block {
    arena_block *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

/* Blocks come zeroed from calloc (fresh pages cost nothing to zero), so
 * allocations need no memset: memory is never reused before arena_free. */
static void *xcalloc_or_die(size_t n)
{
    void *p = calloc(1, n);
    if (!p) {
        fputs("schemac: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        b = xcalloc_or_die(sizeof *b + cap);
        b->used = 0;
        b->size = cap;
        /* A big one-off allocation goes behind the current block so the
         * current block's free tail stays usable. */
        if (a->head && size > ARENA_BLOCK_MIN) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char probe[1];
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(arena *a, void *array, size_t elem, size_t *cap, size_t need)
{
    if (need <= *cap)
        return array;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *n = arena_alloc(a, ncap * elem);
    if (array && *cap)
        memcpy(n, array, *cap * elem);
    *cap = ncap;
    return n;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
