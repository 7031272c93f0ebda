/* arena: bump allocator in blocks of 64 KiB and up; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks double from 64 KiB to 8 MiB as an arena grows. */
#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_BLOCK_MAX (8 * 1024 * 1024)
#define ARENA_HUGE_PAGE (2 * 1024 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
    arena_block *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

/* Memory for a block of `bytes` in all. Blocks of whole 2 MiB pages are
 * aligned to them and, where the system has transparent huge pages,
 * backed by them: on a large schema the first touch of fresh memory, a
 * page fault per 4 KiB, was half the time; a huge page faults once. */
static void *block_memory(size_t bytes)
{
    void *p = NULL;
    if (bytes % ARENA_HUGE_PAGE == 0) {
        if (posix_memalign(&p, ARENA_HUGE_PAGE, bytes) != 0)
            p = NULL;
#ifdef MADV_HUGEPAGE
        else
            madvise(p, bytes, MADV_HUGEPAGE); /* advice only: failure is fine */
#endif
    } else {
        p = malloc(bytes);
    }
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
        size_t bytes = b ? 2 * (sizeof *b + b->size) : ARENA_BLOCK_MIN;
        if (bytes > ARENA_BLOCK_MAX)
            bytes = ARENA_BLOCK_MAX;
        bool one_off = size > bytes - sizeof *b;
        if (one_off)
            bytes = sizeof *b + size;
        b = block_memory(bytes);
        b->used = 0;
        b->size = bytes - sizeof *b;
        /* A big one-off allocation goes behind the current block so the
         * current block's free tail stays usable. */
        if (a->head && one_off) {
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
    memset(p, 0, size);
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
    int n = vsnprintf(NULL, 0, fmt, ap);
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
