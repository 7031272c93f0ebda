/* context_files: the context's `model_files`, one entry per schema file
 * with the tables that file declares, and the names of the C files made
 * from it (NAME.FILE.h, NAME.FILE.c): generate writes one pair per schema
 * file, so that a build recompiles only the files whose tables changed. */
#ifndef SCHEMAC_CONTEXT_FILES_H
#define SCHEMAC_CONTEXT_FILES_H

#include "arena.h"
#include "context.h"
#include "diag.h"
#include "ir.h"
#include "tree.h"

/* Adds `model_files` to root (a context_build result for s). -1 after
 * reporting to d when two schema files would make the same file names. */
int context_add_model_files(arena *a, tree *root, const ir_schema *s, diag *d);

/* The maps of the tables that `model` (an entry of model_files) lists in
 * its table_indexes, as a new list in `a` (see context_tables). */
tree *context_model_tables(context_schema *cs, arena *a, const tree *model);

#endif
