/* buf: growable byte/string buffer, always NUL-terminated, length kept.
 * All text building in schemac goes through it. Heap-allocated (not arena). */
#ifndef SCHEMAC_BUF_H
#define SCHEMAC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data; /* NUL-terminated; NULL until first write (use buf_cstr) */
    size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_add(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Appends `n` copies of `c`. */
void buf_repeat(buf *b, char c, size_t n);
/* The text so far; "" for an empty buffer. Valid until the next write. */
const char *buf_cstr(const buf *b);
void buf_truncate(buf *b, size_t len);
void buf_clear(buf *b);
/* Hands the storage to the caller (who must free() it); b becomes empty. */
char *buf_detach(buf *b);
void buf_free(buf *b);

#endif
