/* c_literal: see c_literal.h. */
#include "c_literal.h"

#include "buf.h"

const char *c_literal(arena *a, const char *s, bool break_lines)
{
    buf b = BUF_INIT;
    buf_putc(&b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(&b, "\\%c", *p);
        else if (*p == '?')
            buf_puts(&b, "\\?");
        else if (*p == '\n')
            buf_puts(&b, break_lines && p[1] ? "\\n\"\n    \"" : "\\n");
        else if (*p < 0x20 || *p == 0x7f)
            buf_printf(&b, "\\%03o", *p);
        else
            buf_putc(&b, (char)*p);
    }
    buf_putc(&b, '"');
    const char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}
