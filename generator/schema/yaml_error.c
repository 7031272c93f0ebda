/* yaml_error: see yaml_error.h. */
#include "yaml_error.h"

#include <string.h>

typedef struct source {
    const char *file, *text;
    size_t len;
} source;

/* Byte offset of a libyaml mark, whose column counts characters. */
static size_t mark_offset(const source *b, yaml_mark_t m)
{
    size_t i = 0;
    for (size_t line = 0; line < m.line && i < b->len; i++)
        line += b->text[i] == '\n';
    for (size_t col = 0; i < b->len && b->text[i] != '\n'; i++) {
        if (((unsigned char)b->text[i] & 0xC0) == 0x80)
            continue;
        if (col++ == m.column)
            break;
    }
    return i;
}

/* The position of a byte offset (reader errors come as offsets). */
static src_pos offset_pos(const source *b, size_t offset)
{
    src_pos pos = {b->file, 1, 1};
    for (size_t i = 0; i < offset && i < b->len; i++) {
        if (b->text[i] == '\n') {
            pos.line++;
            pos.col = 1;
        } else if (((unsigned char)b->text[i] & 0xC0) != 0x80) {
            pos.col++;
        }
    }
    return pos;
}

/* libyaml reports a bad trailing byte; step back to the byte that began
 * its sequence. */
static size_t utf8_sequence_start(const source *b, size_t at)
{
    for (int back = 0; back < 3 && at > 0 && at <= b->len; back++) {
        unsigned char c = (unsigned char)b->text[at - 1];
        if (c < 0x80)
            break;
        at--;
        if (c >= 0xC0)
            break;
    }
    return at;
}

static src_pos mark_pos(const source *b, yaml_mark_t m)
{
    return (src_pos){b->file, (int)m.line + 1, (int)m.column + 1};
}

void yaml_report_parser_error(diag *d, const char *file, const char *text, size_t len,
                              const yaml_parser_t *p)
{
    const source src = {file, text, len}, *b = &src;
    if (p->error == YAML_MEMORY_ERROR) {
        diag_error(d, (src_pos){file, 0, 0}, NULL, "out of memory while reading YAML");
        return;
    }
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors (encoding, control characters) carry a byte offset;
         * a bad UTF-8 sequence is shown where it starts. */
        size_t at = p->problem_offset;
        if (strstr(problem, "UTF-8")) {
            if (strstr(problem, "trailing"))
                at = utf8_sequence_start(b, at);
            diag_error(d, offset_pos(b, at), "save the file as UTF-8",
                       "the file is not valid UTF-8: %s", problem);
        } else if (p->problem_value >= 0) {
            diag_error(d, offset_pos(b, at),
                       p->problem_value == 0
                           ? "remove it; YAML text may not contain NUL characters"
                           : "remove it, or write it as an escape in a double-quoted string",
                       p->problem_value < 0x80 ? "%s (byte 0x%02X)" : "%s (U+%04X)", problem,
                       (unsigned)p->problem_value);
        } else {
            diag_error(d, offset_pos(b, at), NULL, "%s", problem);
        }
        return;
    }
    yaml_mark_t m = p->problem_mark;
    const char *hint = NULL;
    if (strstr(problem, "cannot start any token")) {
        /* libyaml reports a tab used for indentation this way. */
        size_t at = mark_offset(b, m);
        hint = at < b->len && b->text[at] == '\t'
                   ? "YAML does not allow tabs for indentation; indent with spaces"
                   : "check this character; quote the value if it is text";
    } else if (!strcmp(problem, "did not find expected key") ||
               !strcmp(problem, "mapping values are not allowed in this context")) {
        hint = "check the indentation: the keys of one map line up";
    }
    diag_error(d, mark_pos(b, m), hint, "YAML syntax error: %s", problem);
    /* "while parsing a flow sequence": point at where it began. */
    yaml_mark_t c = p->context_mark;
    const char *what = p->context ? strchr(p->context, ' ') : NULL;
    if (what && (c.line != m.line || c.column != m.column) &&
        (what = strchr(what + 1, ' ')) != NULL)
        diag_note(d, mark_pos(b, c), "%s began here", what + 1);
}
