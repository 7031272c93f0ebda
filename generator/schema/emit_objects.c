/* emit_objects: the canonical form of views, functions and triggers. SQL of
 * several lines is written as a literal block (`|`), as a person would;
 * text a block cannot hold exactly is double-quoted instead. */
#include <string.h>

#include "emit.h"
#include "ir_objects.h"

/* Can a literal block scalar hold `text` exactly? One final line break at
 * most ("|" keeps one, "|-" none), no leading space or empty first line
 * (the indentation would be misread), no tabs, CR or other controls, and
 * none of the characters YAML reads as line breaks or a BOM. */
static bool fits_block(const char *text)
{
    size_t n = strlen(text);
    if (!strchr(text, '\n') || text[0] == ' ' || text[0] == '\n' ||
        (n >= 2 && text[n - 1] == '\n' && text[n - 2] == '\n'))
        return false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            return false;
    return !strstr(text, "\xc2\x85") && !strstr(text, "\xe2\x80\xa8") &&
           !strstr(text, "\xe2\x80\xa9") && !strstr(text, "\xef\xbb\xbf");
}

/* `    key: text`, the text's lines indented under the key. */
static void emit_text_field(buf *out, const char *key, const char *text, bool sql)
{
    buf_printf(out, "    %s: ", key);
    if (!fits_block(text)) {
        if (sql)
            emit_sql(out, text);
        else
            emit_scalar(out, text, false);
        buf_putc(out, '\n');
        return;
    }
    size_t n = strlen(text);
    buf_puts(out, text[n - 1] == '\n' ? "|\n" : "|-\n");
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len)
            buf_printf(out, "      %.*s", (int)len, line);
        buf_putc(out, '\n');
        line += len + (end != NULL);
    }
}

static void emit_comment(buf *out, const char *comment)
{
    if (comment)
        emit_text_field(out, "comment", comment, false);
}

static void emit_view(buf *out, const ir_view *v)
{
    buf_puts(out, "  ");
    emit_scalar(out, v->name, false);
    buf_puts(out, ":\n");
    emit_comment(out, v->comment);
    if (v->materialized)
        buf_puts(out, "    materialized: true\n");
    emit_text_field(out, "sql", v->sql, true);
    if (v->index_holder->nindexes)
        buf_puts(out, "    indexes:\n");
    for (size_t i = 0; i < v->index_holder->nindexes; i++)
        emit_index(out, v->index_holder->indexes[i]);
}

static void emit_function(buf *out, const ir_function *f)
{
    buf_puts(out, "  ");
    emit_scalar(out, f->name, false);
    buf_puts(out, ":\n");
    emit_comment(out, f->comment);
    if (*f->arguments) {
        buf_puts(out, "    arguments: ");
        emit_sql(out, f->arguments);
        buf_putc(out, '\n');
    }
    buf_puts(out, "    returns: ");
    emit_scalar(out, f->returns, false);
    buf_puts(out, "\n    language: ");
    emit_scalar(out, f->language, false);
    buf_putc(out, '\n');
    if (f->volatility != IR_VOLATILE)
        buf_printf(out, "    volatility: %s\n", ir_volatility_name(f->volatility));
    emit_text_field(out, "body", f->body, true);
}

static void emit_trigger(buf *out, const ir_trigger *t)
{
    static const char *const timings[] = {"before", "after", "instead_of"};
    static const char *const events[] = {"insert", "update", "delete", "truncate"};
    buf_puts(out, "  ");
    emit_scalar(out, t->name, false);
    buf_puts(out, ":\n");
    emit_comment(out, t->comment);
    buf_puts(out, "    table: ");
    emit_scalar(out, t->on, false);
    buf_printf(out, "\n    timing: %s\n    events: [", timings[t->timing]);
    const char *sep = "";
    for (int i = 0; i < 4; i++)
        if (t->events & (1u << i)) {
            buf_printf(out, "%s%s", sep, events[i]);
            sep = ", ";
        }
    buf_puts(out, "]\n");
    if (!t->for_each_row)
        buf_puts(out, "    for_each: statement\n");
    if (t->when) {
        buf_puts(out, "    when: ");
        emit_sql(out, t->when);
        buf_putc(out, '\n');
    }
    buf_puts(out, "    function: ");
    emit_scalar(out, t->function, false);
    buf_putc(out, '\n');
}

void emit_objects(const ir_schema *s, const char *file, buf *out)
{
    bool any = false;
    for (size_t i = 0; i < s->nviews; i++)
        if (emit_from_file(s->views[i]->pos, file)) {
            buf_puts(out, any ? "" : "views:\n");
            any = true;
            emit_view(out, s->views[i]);
        }
    any = false;
    for (size_t i = 0; i < s->nfunctions; i++)
        if (emit_from_file(s->functions[i]->pos, file)) {
            buf_puts(out, any ? "" : "functions:\n");
            any = true;
            emit_function(out, s->functions[i]);
        }
    any = false;
    for (size_t i = 0; i < s->ntriggers; i++)
        if (emit_from_file(s->triggers[i]->pos, file)) {
            buf_puts(out, any ? "" : "triggers:\n");
            any = true;
            emit_trigger(out, s->triggers[i]);
        }
}
