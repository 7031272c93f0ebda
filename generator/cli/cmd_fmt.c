/* cmd_fmt: `schemac fmt [--check] PATHS...` rewrites schema files in
 * canonical form. Every file is loaded and formatted before any is written,
 * so an error anywhere leaves all files untouched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "arena.h"
#include "emit.h"
#include "output.h"

static const char usage[] = "schemac fmt [--check] PATH...";

/* The comment lines (and blank lines) before the first key are kept. */
static size_t leading_comments(const char *text, size_t len)
{
    size_t i = 0, keep = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && (text[j] == ' ' || text[j] == '\t'))
            j++;
        if (j < len && text[j] != '#' && text[j] != '\n' && text[j] != '\r')
            break;
        const char *nl = memchr(text + i, '\n', len - i);
        i = nl ? (size_t)(nl - text) + 1 : len;
        if (text[j] == '#')
            keep = i;
    }
    return keep;
}

/* The line of `text` that starts at `at`, without its newline, for quoting
 * in a message; "(end of file)" past the end. */
static const char *line_at(arena *a, const char *text, size_t len, size_t at)
{
    if (at >= len)
        return "(end of file)";
    const char *nl = memchr(text + at, '\n', len - at);
    size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
    if (n && text[at + n - 1] == '\r')
        n--;
    return arena_strndup(a, text + at, n);
}

/* Says where a file departs from its canonical form: its first line that
 * differs, with the line fmt would write and the line there is. */
static void report_first_difference(const char *path, const char *text, size_t len,
                                    const buf *canonical)
{
    const char *want = canonical->data;
    size_t want_len = canonical->len, start = 0, line = 1;
    for (size_t i = 0; i < len && i < want_len && text[i] == want[i]; i++)
        if (text[i] == '\n')
            start = i + 1, line++;
    arena a = ARENA_INIT;
    printf("%s:%zu: not in canonical form\n  expected: %s\n  actual:   %s\n", path, line,
           line_at(&a, want, want_len, start), line_at(&a, text, len, start));
    arena_free(&a);
}

typedef struct formatted {
    char *path;
    buf text;
    char *original; /* the file as read, kept for --check's report */
    size_t original_len;
    bool changed;
} formatted;

int cmd_fmt(int argc, char **argv)
{
    bool check = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (cli_is_help(argv[first])) {
            printf("usage: %s\n\nRewrites schema files in canonical form (see docs/schema.md).\n\n"
                   "  --check   change nothing; for each file that is not canonical, print its\n"
                   "            first differing line (FILE:LINE: with the expected and the\n"
                   "            actual line) and exit 1\n",
                   usage);
            return EXIT_OK;
        }
        if (!strcmp(argv[first], "--check"))
            check = true;
        else
            return cli_usage_error(usage, "unknown option '%s'", argv[first]);
    }
    if (first == argc)
        return cli_usage_error(usage, "no schema files given");
    diag d;
    diag_init(&d);
    char **files = NULL;
    size_t nfiles = 0;
    load_expand_paths(argv + first, (size_t)(argc - first), &files, &nfiles, &d);
    formatted *out = calloc(nfiles ? nfiles : 1, sizeof *out);
    if (!out)
        abort();
    for (size_t i = 0; i < nfiles; i++) {
        size_t len;
        char *text = load_read_file(files[i], &len);
        if (!text) {
            load_read_failed(&d, files[i], errno);
            continue;
        }
        diag_add_source(&d, files[i], text, len);
        ir_schema *s = load_text(NULL, files[i], text, len, &d);
        if (s) {
            out[i].path = files[i];
            buf_add(&out[i].text, text, leading_comments(text, len));
            emit_schema(s, NULL, &out[i].text);
            out[i].changed = out[i].text.len != len || memcmp(out[i].text.data, text, len) != 0;
            if (out[i].changed && check) {
                out[i].original = text;
                out[i].original_len = len;
                text = NULL;
            }
        }
        ir_schema_free(s);
        free(text);
    }
    int rc = EXIT_OK;
    if (diag_has_errors(&d)) {
        rc = EXIT_INVALID;
    } else {
        for (size_t i = 0; i < nfiles; i++) {
            if (!out[i].changed)
                continue;
            if (check) {
                report_first_difference(out[i].path, out[i].original, out[i].original_len,
                                        &out[i].text);
                rc = EXIT_INVALID;
            } else if (output_write_atomic(out[i].path, out[i].text.data, out[i].text.len, &d) < 0) {
                rc = EXIT_INVALID;
            }
        }
    }
    cli_render(&d);
    for (size_t i = 0; i < nfiles; i++) {
        buf_free(&out[i].text);
        free(out[i].original);
    }
    free(out);
    load_free_paths(files, nfiles);
    diag_free(&d);
    return rc;
}
