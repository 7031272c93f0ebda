/* output: writing files safely. Every file schemac writes goes through
 * here: written to a temporary file beside the target, flushed, renamed over
 * it, so a reader never sees half a file and a failure leaves the old one. */
#ifndef SCHEMAC_OUTPUT_H
#define SCHEMAC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Writes `data` to `path` atomically. Returns 0, or -1 after reporting. */
int output_write_atomic(const char *path, const char *data, size_t len, diag *d);

/* Many files at once: each written as output_write_atomic does, but not
 * flushed on its own; output_sync_dir then flushes the file system of
 * `dir` once (one flush instead of one per file). Returns 0, or -1 after
 * reporting. */
int output_write_unsynced(const char *path, const char *data, size_t len, diag *d);
int output_sync_dir(const char *dir, diag *d);

/* Writes a file that must not exist yet, atomically: an existing file is
 * reported and left alone, never replaced. Returns 0, or -1 after reporting. */
int output_write_new(const char *path, const char *data, size_t len, diag *d);

/* As output_write_atomic, but leaves the file alone (and its mtime, so
 * builds do not cascade) when it already holds exactly `data`. Sets
 * *changed when it wrote. */
int output_write_if_changed(const char *path, const char *data, size_t len, bool *changed,
                            diag *d);
/* As output_write_unsynced, but leaves a file that already holds exactly
 * `data` alone (output_sync_dir flushes it all the same). */
int output_write_unsynced_if_changed(const char *path, const char *data, size_t len, diag *d);

/* Files written all or none: output_stage compares a file's new content
 * with the file on disk and, when it differs, writes it to a temporary file
 * beside it (flushed); the caller may free the text then. output_commit
 * renames every staged file over its target; output_abort (or a failed
 * commit, for the files it had not renamed) removes the temporaries. So a
 * run that fails while it still stages leaves every target as it was, and
 * holds no staged file's text. Unchanged files are left alone, mtime and
 * all. */
typedef struct output_staged {
    char *path, *tmp; /* tmp NULL: unchanged */
} output_staged;

typedef struct output_batch {
    output_staged *files;
    size_t n, cap;
} output_batch;

#define OUTPUT_BATCH_INIT {NULL, 0, 0}

/* Sets *changed when path will be replaced. Returns 0, or -1 after
 * reporting (path is then not staged). */
int output_stage(output_batch *b, const char *path, const char *data, size_t len, bool *changed,
                 diag *d);
int output_commit(output_batch *b, diag *d);
void output_abort(output_batch *b);

/* mkdir -p: creates dir and its missing parents. Returns 0, or -1 after
 * reporting. */
int output_make_dirs(const char *dir, diag *d);

#endif
