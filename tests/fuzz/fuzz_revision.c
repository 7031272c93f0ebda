/* fuzz_revision: arbitrary bytes as a revision file through revision_parse
 * and the statement splitter. Beyond "no crash, leak or UB" it checks that
 * every statement of a parsed revision is the file's text at its offset,
 * at the line and column reported for it, and splits, on its own, back
 * into exactly itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "revision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

static void fail(const char *what, const revision *r, const revision_stmt *s)
{
    fprintf(stderr, "fuzz_revision: %s\n--- statement at %zu (%d:%d):\n%s\n--- file:\n%s\n",
            what, s->offset, s->line, s->col, s->sql, r->text);
    abort();
}

static void check_statements(const revision *r, revision_direction dir)
{
    size_t nsteps;
    const revision_step *steps = revision_steps(r, dir, &nsteps);
    for (size_t i = 0; i < nsteps; i++) {
        for (size_t j = 0; j < steps[i].n; j++) {
            const revision_stmt *s = &steps[i].stmts[j];
            size_t len = strlen(s->sql);
            if (s->offset > r->len || len > r->len - s->offset ||
                memcmp(r->text + s->offset, s->sql, len) != 0)
                fail("a statement is not the file's text at its offset", r, s);
            src_pos at = revision_position(r, s->offset);
            if (at.line != s->line || at.col != s->col)
                fail("a statement's line and column are not those of its offset", r, s);
            /* One statement, split on its own, is one statement. */
            arena a = ARENA_INIT;
            revision_stmt *again;
            size_t n = revision_split_sql(&a, s->sql, &again);
            if (n != 1 || strcmp(again[0].sql, s->sql) != 0)
                fail("a statement splits into another count or text", r, s);
            arena_free(&a);
        }
    }
}

/* The file name the parser wants: the id of the header line, when the
 * input has a valid one, so that most inputs get past the name check. */
static const char *file_name(arena *a, const char *text)
{
    static const char header[] = "-- schemac revision: ";
    const char *p = strstr(text, header);
    if (!p)
        return "20260101_0001_fuzz.sql";
    p += sizeof header - 1;
    size_t n = strcspn(p, "\r\n");
    char *id = arena_strndup(a, p, n);
    return revision_id_valid(id) ? arena_printf(a, "migrations/%s.sql", id)
                                 : "20260101_0001_fuzz.sql";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        sink = fopen("/dev/null", "w");
    /* As load_read_file gives it: NUL-terminated. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    revision r;
    if (revision_parse(&a, file_name(&a, text), text, size, &r, &d) == 0) {
        check_statements(&r, REVISION_UP);
        check_statements(&r, REVISION_DOWN);
    }
    revision_stmt *stmts;
    revision_split_sql(&a, text, &stmts);
    revision_id_valid(text);
    buf slug = BUF_INIT;
    revision_slug(text, &slug);
    buf_free(&slug);
    if (d.count)
        diag_render(&d, sink, false);
    diag_free(&d);
    arena_free(&a);
    free(text);
    return 0;
}
