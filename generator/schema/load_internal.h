/* load_internal: what load.c shares with load_objects.c, the loader of
 * views, functions and triggers. Not for other modules. */
#ifndef SCHEMAC_LOAD_INTERNAL_H
#define SCHEMAC_LOAD_INTERNAL_H

#include <stdbool.h>

#include "diag.h"
#include "ir.h"
#include "ydoc.h"

typedef struct loader {
    ir_schema *s;
    diag *d;
    const char *file; /* the path as stored in the schema's arena */
    arena *tmp;       /* freed when the file is loaded: messages, the tree */
    const char *namespace; /* the file's `namespace`; NULL: public */
} loader;

src_pos pos_of(const loader *L, const ynode *n);
const char *copy_text(loader *L, const ynode *n);
/* What a node is, for "must be X, not Y". */
const char *describe(loader *L, const ynode *n);
bool expect(loader *L, const ynode *n, ynode_kind kind, const char *what);
const char *get_string(loader *L, const ynode *n, const char *what);
bool get_bool(loader *L, const ynode *n, const char *what, bool *out);
/* Index of `key` in `known`, or -1 after reporting it. */
int key_index(loader *L, const ynode *key, const char *const *known, size_t n, const char *where);
/* A word of a fixed set; -1 after reporting any other value. */
int get_word(loader *L, const ynode *n, const char *what, const char *const *words, size_t nwords);
/* A list of column names: `[a, b]`, or a single name where allowed. */
bool get_name_list(loader *L, const ynode *n, const char *what, bool allow_single,
                   ir_name_list *out);
/* A table's `indexes` list. */
void load_indexes(loader *L, ir_table *t, const ynode *list);

/* A table's `partition_by` and `partitions` (load_partitions.c). */
void load_partition_by(loader *L, ir_table *t, const ynode *n);
void load_partitions(loader *L, ir_table *t, const ynode *map);

/* The file keys `views`, `functions` and `triggers` (load_objects.c). */
void load_objects(loader *L, const char *section, const ynode *map);

#endif
