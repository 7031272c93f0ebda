/* diag: collecting and rendering diagnostics; see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

struct diag_source {
    diag_source *next;
    char *file;
    char *text;
    size_t len;
    size_t order; /* registration order, the primary sort key */
};

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        abort();
    memcpy(p, s, n);
    return p;
}

void diag_init(diag *d)
{
    memset(d, 0, sizeof *d);
    d->max_errors = DIAG_MAX_ERRORS_DEFAULT;
}

void diag_free(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->entries[i].file);
        free(d->entries[i].message);
        free(d->entries[i].hint);
    }
    free(d->entries);
    diag_source *s = d->sources;
    while (s) {
        diag_source *next = s->next;
        free(s->file);
        free(s->text);
        free(s);
        s = next;
    }
    memset(d, 0, sizeof *d);
}

void diag_clear(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->entries[i].file);
        free(d->entries[i].message);
        free(d->entries[i].hint);
    }
    d->count = d->errors = d->warnings = d->dropped = 0;
    d->dropping = false;
}

static diag_source *find_source(const diag *d, const char *file)
{
    for (diag_source *s = d->sources; s; s = s->next)
        if (strcmp(s->file, file) == 0)
            return s;
    return NULL;
}

void diag_take_source(diag *d, const char *file, char *text, size_t len)
{
    diag_source *s = find_source(d, file);
    if (s) {
        free(s->text);
        s->text = text;
        s->len = len;
        return;
    }
    s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->file = xstrdup(file);
    s->text = text;
    s->len = len;
    s->order = d->sources ? d->sources->order + 1 : 1;
    s->next = d->sources;
    d->sources = s;
}

void diag_add_source(diag *d, const char *file, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        abort();
    memcpy(copy, text, len);
    copy[len] = '\0';
    diag_take_source(d, file, copy, len);
}

void diag_report(diag *d, diag_severity sev, src_pos pos, const char *hint,
                 const char *fmt, va_list ap)
{
    if (sev == DIAG_ERROR)
        d->errors++;
    else if (sev == DIAG_WARNING)
        d->warnings++;
    if (sev != DIAG_NOTE)
        d->dropping = sev == DIAG_ERROR && d->errors > d->max_errors;
    if (d->dropping) {
        d->dropped += sev == DIAG_ERROR;
        return;
    }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->entries = realloc(d->entries, d->cap * sizeof *d->entries);
        if (!d->entries)
            abort();
    }
    diag_entry *e = &d->entries[d->count];
    memset(e, 0, sizeof *e);
    e->severity = sev;
    e->seq = d->count++;
    if (pos.file) {
        e->file = xstrdup(pos.file);
        e->line = pos.line;
        e->col = pos.col;
    }
    const diag_entry *lead = e;
    for (size_t i = d->count - 1; sev == DIAG_NOTE && i-- > 0;)
        if (d->entries[i].severity != DIAG_NOTE) {
            lead = &d->entries[i];
            break;
        }
    e->key_file = lead->file;
    e->key_line = lead->line;
    e->key_col = lead->col;
    e->key_seq = lead->seq;
    buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    e->message = buf_detach(&b);
    e->hint = hint ? xstrdup(hint) : NULL;
}

int diag_error(diag *d, src_pos pos, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_report(d, DIAG_ERROR, pos, hint, fmt, ap);
    va_end(ap);
    return -1;
}

void diag_warning(diag *d, src_pos pos, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_report(d, DIAG_WARNING, pos, hint, fmt, ap);
    va_end(ap);
}

void diag_note(diag *d, src_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_report(d, DIAG_NOTE, pos, NULL, fmt, ap);
    va_end(ap);
}

bool diag_has_errors(const diag *d) { return d->errors > 0; }

bool diag_use_color(FILE *out)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    /* A terminal that says it cannot show escapes (Emacs shells, CI logs). */
    const char *term = getenv("TERM");
    if (term && (!strcmp(term, "dumb") || !*term))
        return false;
    return isatty(fileno(out));
}

/* Sorting: entries with a position by (source order, line, col), the rest
 * after them; report order breaks ties. Notes sort by the entry they
 * follow (the key_ fields), so they stay behind it. */
static const diag *sort_ctx;

static size_t entry_file_order(const diag_entry *e)
{
    if (!e->key_file)
        return (size_t)-1;
    diag_source *s = find_source(sort_ctx, e->key_file);
    return s ? s->order : (size_t)-2;
}

static int compare_entries(const void *pa, const void *pb)
{
    const diag_entry *a = pa, *b = pb;
    size_t fa = entry_file_order(a), fb = entry_file_order(b);
    if (fa != fb)
        return fa < fb ? -1 : 1;
    if (a->key_file && b->key_file) {
        int c = strcmp(a->key_file, b->key_file);
        if (c)
            return c;
        if (a->key_line != b->key_line)
            return a->key_line < b->key_line ? -1 : 1;
        if (a->key_col != b->key_col)
            return a->key_col < b->key_col ? -1 : 1;
    }
    if (a->key_seq != b->key_seq)
        return a->key_seq < b->key_seq ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void render_source_line(const diag *d, const diag_entry *e, FILE *out,
                               bool color)
{
    diag_source *s = find_source(d, e->file);
    if (!s || e->line <= 0)
        return;
    const char *p = s->text, *end = s->text + s->len;
    for (int line = 1; line < e->line && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r')
        n--;
    fprintf(out, " %5d | %.*s\n       | ", e->line, (int)n, p);
    /* Keep tabs so the caret lines up under tab-indented text. */
    for (int i = 1; i < e->col && (size_t)(i - 1) < n; i++)
        fputc(p[i - 1] == '\t' ? '\t' : ' ', out);
    fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", color ? "\033[0m" : "");
}

void diag_render(diag *d, FILE *out, bool color)
{
    sort_ctx = d;
    if (d->count) /* qsort's array may not be NULL, even when empty */
        qsort(d->entries, d->count, sizeof *d->entries, compare_entries);
    sort_ctx = NULL;
    static const char *names[] = {"error", "warning", "note"};
    static const char *colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    for (size_t i = 0; i < d->count; i++) {
        const diag_entry *e = &d->entries[i];
        if (color)
            fputs("\033[1m", out);
        if (e->file && e->line > 0)
            fprintf(out, "%s:%d:%d: ", e->file, e->line, e->col);
        else if (e->file)
            fprintf(out, "%s: ", e->file);
        else
            fputs("schemac: ", out);
        if (color)
            fprintf(out, "%s%s:\033[0m\033[1m %s\033[0m\n", colors[e->severity],
                    names[e->severity], e->message);
        else
            fprintf(out, "%s: %s\n", names[e->severity], e->message);
        if (e->file)
            render_source_line(d, e, out, color);
        if (e->hint)
            fprintf(out, "%shint:%s %s\n", color ? "\033[1;36m" : "",
                    color ? "\033[0m" : "", e->hint);
    }
    if (d->dropped)
        fprintf(out, "schemac: %zu more error%s not shown\n", d->dropped,
                d->dropped == 1 ? "" : "s");
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t len = strlen(word);
    size_t limit = len < 4 ? 1 : len < 8 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    return best_d <= limit && best_d > 0 ? best : NULL;
}
