/* diag: compiler-style diagnostics. Stages report into a diag list they are
 * given; the CLI renders it once, gcc style (file:line:col, source line,
 * caret, hint). Nothing here exits or prints on its own. */
#ifndef SCHEMAC_DIAG_H
#define SCHEMAC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A position in a source file; line and col are 1-based, line 0 = none.
 * `file` must outlive the diag list (diag copies it on report). */
typedef struct src_pos {
    const char *file;
    int line, col;
} src_pos;

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct diag_entry {
    diag_severity severity;
    char *file; /* owned copy, NULL when no position */
    int line, col;
    char *message, *hint; /* owned; hint may be NULL */
    size_t seq;           /* report order, for stable sorting */
    /* Where the entry sorts: a note sorts right behind the error or
     * warning it follows, wherever its own position is. */
    const char *key_file; /* borrowed from the leading entry */
    int key_line, key_col;
    size_t key_seq;
} diag_entry;

typedef struct diag_source diag_source;

typedef struct diag {
    diag_entry *entries;
    size_t count, cap;
    size_t errors, warnings;
    size_t max_errors; /* entries beyond this many errors are counted, not kept */
    size_t dropped;
    bool dropping; /* the last error was dropped, so are its notes */
    diag_source *sources; /* file texts for caret lines */
} diag;

#define DIAG_MAX_ERRORS_DEFAULT 50

void diag_init(diag *d);
void diag_free(diag *d);
/* Forgets the entries reported so far (once rendered, so that a later
 * rendering does not repeat them); keeps the sources. */
void diag_clear(diag *d);

/* Registers the text of `file` so rendering can show its lines (copied);
 * a file registered again gets the new text. */
void diag_add_source(diag *d, const char *file, const char *text, size_t len);
/* The same without the copy: diag takes over a malloc'd, NUL-terminated
 * text, which stays valid until diag_free frees it. */
void diag_take_source(diag *d, const char *file, char *text, size_t len);

/* Report; `hint` may be NULL. diag_error returns -1 so callers can
 * `return diag_error(...)`. */
int diag_error(diag *d, src_pos pos, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(diag *d, src_pos pos, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(diag *d, src_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_report(diag *d, diag_severity sev, src_pos pos, const char *hint,
                 const char *fmt, va_list ap);

bool diag_has_errors(const diag *d);

/* Writes every entry, sorted by file then position, to `out`. */
void diag_render(diag *d, FILE *out, bool color);
/* Colour decision: a TTY, NO_COLOR unset and TERM not "dumb". */
bool diag_use_color(FILE *out);

/* Nearest candidate to `word` by edit distance, or NULL when none is
 * close enough to suggest ("did you mean ...?"). */
const char *diag_suggest(const char *word, const char *const *candidates, size_t n);

#endif
