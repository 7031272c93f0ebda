/* emit: IR → canonical schema YAML (stable key order, shorthand where it is
 * equivalent, single-column keys inline). Used by fmt and for snapshots;
 * loading the output gives the same IR back. */
#ifndef SCHEMAC_EMIT_H
#define SCHEMAC_EMIT_H

#include "buf.h"
#include "ir.h"

/* Appends the canonical form of what `file` declared (NULL: everything). */
void emit_schema(const ir_schema *s, const char *file, buf *out);

/* Appends `text` as a YAML scalar, quoted only when needed; `flow` when it
 * stands inside [...] or {...}. */
void emit_scalar(buf *out, const char *text, bool flow);

/* For emit_objects.c: SQL text, always double-quoted; one index line. */
void emit_sql(buf *out, const char *text);
void emit_index(buf *out, const ir_index *ix);
/* Did `file` declare what is at pos? (NULL: every file.) */
bool emit_from_file(src_pos pos, const char *file);
/* Appends the views, functions and triggers `file` declared (NULL: all). */
void emit_objects(const ir_schema *s, const char *file, buf *out);

#endif
