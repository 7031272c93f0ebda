/* tree_yaml: reads one YAML document into a tree (libyaml event API).
 * Scalars stay strings as written, except plain true/false (bool) and
 * plain null, ~ or nothing (null). It knows nothing of schemas. */
#ifndef SCHEMAC_TREE_YAML_H
#define SCHEMAC_TREE_YAML_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "tree.h"

/* Collections nested deeper than this are an error, so that nothing that
 * walks the tree recursively can run out of stack. */
#define TREE_YAML_MAX_DEPTH 512

/* The tree of the document in `text` (`len` bytes), allocated in `a`; an
 * empty text gives a TREE_NULL node. NULL on error: syntax errors,
 * duplicate keys, non-scalar keys, undefined or self-containing aliases
 * and more than one document are reported to `d` at file:line:col. An
 * alias shares the anchored node. */
tree *tree_yaml_load(arena *a, const char *file, const char *text, size_t len, diag *d);

#endif
