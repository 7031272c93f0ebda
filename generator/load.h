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

/* Reads a whole file into a malloc'd, NUL-terminated buffer; NULL with errno. */
char *load_read_file(const char *path, size_t *len);

/* Expands paths (directories → their schema files, sorted) into a malloc'd
 * array of malloc'd strings; reports unreadable paths. */
int load_expand_paths(char *const *paths, size_t npaths, char ***out, size_t *nout, diag *d);
void load_free_paths(char **files, size_t n);

#endif
