/* arena: bump allocator in growing blocks; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks start small (a small schema stays small) and double up to 2 MiB;
 * those come from mmap, aligned, with transparent huge pages requested: a
 * 10,000-table schema then costs tens of page faults instead of tens of
 * thousands, which on a loaded machine was most of its time. */
#define ARENA_FIRST_BLOCK (64 * 1024)
#define ARENA_HUGE_PAGE (2 * 1024 * 1024)
/* 8 suffices for every type schemac allocates; 16 wasted memory on the
 * millions of small strings of a big schema. */
#define ARENA_ALIGN 8

struct arena_block {
    arena_block *next;
    size_t used, size;
    size_t mapped; /* bytes mmap'd for this block, 0 when from calloc */
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

static void out_of_memory(void)
{
    fputs("schemac: out of memory\n", stderr);
    abort();
}

/* A zeroed block with room for `cap` bytes: allocations need no memset
 * (arena_reset zeroes what it gives back). */
static arena_block *new_block(size_t cap)
{
    size_t total = sizeof(arena_block) + cap;
    arena_block *b;
    if (total < ARENA_HUGE_PAGE) {
        b = calloc(1, total);
        if (!b)
            out_of_memory();
        b->size = cap;
        return b;
    }
    total = (total + ARENA_HUGE_PAGE - 1) & ~(size_t)(ARENA_HUGE_PAGE - 1);
    /* Map one huge page more than needed and trim to an aligned start. */
    unsigned char *raw = mmap(NULL, total + ARENA_HUGE_PAGE, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        out_of_memory();
    uintptr_t start = ((uintptr_t)raw + ARENA_HUGE_PAGE - 1) & ~(uintptr_t)(ARENA_HUGE_PAGE - 1);
    size_t head = start - (uintptr_t)raw, tail = ARENA_HUGE_PAGE - head;
    if (head)
        munmap(raw, head);
    if (tail)
        munmap((unsigned char *)start + total, tail);
    madvise((void *)start, total, MADV_HUGEPAGE);
    b = (arena_block *)start;
    b->size = total - sizeof(arena_block);
    b->mapped = total;
    return b;
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_block *b = a->head;
    if ((!b || b->size - b->used < size) && a->spare && a->spare->size >= size) {
        b = a->spare;
        a->spare = b->next;
        b->next = a->head;
        a->head = b;
    }
    if (!b || b->size - b->used < size) {
        size_t cap = b ? 2 * (b->size + sizeof *b) : ARENA_FIRST_BLOCK;
        if (cap > ARENA_HUGE_PAGE)
            cap = ARENA_HUGE_PAGE;
        cap -= sizeof *b;
        bool oversized = size > cap;
        b = new_block(oversized ? size : cap);
        /* A big one-off allocation goes behind the current block so the
         * current block's free tail stays usable. */
        if (a->head && oversized) {
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
    /* Formatted once into a stack buffer, which nearly every string fits
     * (the context's names and SQL fragments): formatting was a fifth of
     * generate's time when it was done twice. */
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof small)
        return arena_strndup(a, small, (size_t)n);
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

static void free_blocks(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
        b = next;
    }
}

void arena_free(arena *a)
{
    free_blocks(a->head);
    free_blocks(a->spare);
    *a = (arena)ARENA_INIT;
}

void arena_reset(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        memset(b->data, 0, b->used);
        b->used = 0;
        b->next = a->spare;
        a->spare = b;
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
