/* load: schema files → IR. Checks the shape of the YAML (known keys, node
 * kinds, scalar syntax); what the values mean together is validate's job.
 * Files that share a `name` form one schema. */
#ifndef SCHEMAC_LOAD_H
#define SCHEMAC_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "ir.h"

typedef struct load_set {
    ir_schema **schemas; /* in order of first appearance; caller frees with load_set_free */
    size_t n;
} load_set;

/* Loads every path (a file, or a directory searched recursively for *.yaml
 * and *.yml in sorted order). Returns 0, or -1 after reporting errors; the
 * set holds whatever loaded either way. Sources are registered with d. */
int load_paths(load_set *out, char *const *paths, size_t npaths, diag *d);
void load_set_free(load_set *set);

/* Loads one file's text into `into` (NULL: a new schema). Returns the schema
 * (the caller owns a new one) or NULL when the file names no schema. */
ir_schema *load_text(ir_schema *into, const char *file, const char *text, size_t len, diag *d);

/* The most load_read_file reads: 16 MiB, a thousand times a large real
 * schema file or revision, and little memory even for a few of them. */
#define LOAD_MAX_FILE_SIZE ((size_t)16 << 20)

/* Reads a whole regular file (a symlink to one is followed) into a malloc'd,
 * NUL-terminated buffer; NULL with errno, EINVAL for what is not a regular
 * file (opening a device or pipe could wait or never end) and EFBIG for a
 * file of more than LOAD_MAX_FILE_SIZE bytes. */
char *load_read_file(const char *path, size_t *len);
/* Reports why load_read_file failed on `path` (err: its errno), with a hint
 * for the two refusals above; returns -1. */
int load_read_failed(diag *d, const char *path, int err);

/* Expands paths (directories → their schema files, sorted) into a malloc'd
 * array of malloc'd strings; reports unreadable paths. Each file and
 * directory is taken once (by device and inode), and a symlink back to a
 * directory being searched is skipped with a warning. */
int load_expand_paths(char *const *paths, size_t npaths, char ***out, size_t *nout, diag *d);
void load_free_paths(char **files, size_t n);

#endif
