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

#endif
