/* mustache: the template engine. Mustache spec v1.4 without lambdas and
 * without the optional inheritance and dynamic-name modules. A template is
 * compiled once and rendered any number of times against a tree. */
#ifndef SCHEMAC_MUSTACHE_H
#define SCHEMAC_MUSTACHE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "tree.h"

typedef struct mustache_template mustache_template;
typedef struct mustache_partials mustache_partials;

typedef enum mustache_escape {
    MUSTACHE_ESCAPE_HTML, /* {{x}} escapes & < > " (the spec's default) */
    MUSTACHE_ESCAPE_NONE, /* {{x}} writes values as they are: code templates */
} mustache_escape;

/* Sections open at once inside one template; deeper is a compile error. */
#define MUSTACHE_MAX_NESTING 100
/* Longest delimiter a set-delimiter tag may set, in bytes. */
#define MUSTACHE_MAX_DELIMITER 32
/* Defaults of mustache_render_opts. */
#define MUSTACHE_MAX_PARTIAL_DEPTH 64
#define MUSTACHE_MAX_STEPS ((size_t)100000000)
/* 64 MiB: the largest file a thousand-table schema generates is a few MiB;
 * a render past this is data or partials multiplying themselves. */
#define MUSTACHE_MAX_OUTPUT ((size_t)64 << 20)

/* Compiles `text` (`len` bytes, copied) into `a`. `name` is the file name
 * diagnostics use. NULL on error, reported to `d` at file:line:col:
 * unclosed tag, unclosed or mismatched section (at the opening tag), bad
 * set-delimiter tag, bad tag name, nesting deeper than
 * MUSTACHE_MAX_NESTING, inheritance tags ({{$x}}, {{<x}}). */
mustache_template *mustache_compile(arena *a, const char *name, const char *text, size_t len,
                                    diag *d);

/* The name given to mustache_compile. */
const char *mustache_name(const mustache_template *t);

/* Looks up partial `name`: returns its text and sets *len, or returns NULL
 * when there is none (the partial then renders as nothing, as the spec
 * says, with a warning). May set *file to the name diagnostics should use
 * for the partial (default: `name`). The text is copied before the next
 * call, so it only has to live until the callback is called again. */
typedef const char *(*mustache_find_fn)(void *ud, const char *name, size_t *len,
                                        const char **file);

/* A set of partials found through `find` and compiled on first use into
 * `a`; keep one for all renders of a template set so each partial is
 * compiled once. Freed with the arena. */
mustache_partials *mustache_partials_new(arena *a, mustache_find_fn find, void *ud);

typedef struct mustache_render_opts {
    mustache_escape escape;
    mustache_partials *partials; /* NULL: every partial renders as nothing */
    unsigned max_partial_depth;  /* partials inside partials; deeper is an error */
    size_t max_steps;            /* tags and texts a render may visit; 0: no limit.
                                    Stops runaway recursion that branches. */
    size_t max_output;           /* bytes a render may append to `out`; 0: no limit.
                                    Stops data whose aliases fan out. */
} mustache_render_opts;

#define MUSTACHE_RENDER_OPTS_INIT                                              \
    {MUSTACHE_ESCAPE_HTML, NULL, MUSTACHE_MAX_PARTIAL_DEPTH, MUSTACHE_MAX_STEPS, \
     MUSTACHE_MAX_OUTPUT}

/* Appends `t` rendered against `context` to `out` (opts NULL: defaults).
 * A section renders for each item of a non-empty list, once for a map,
 * true or a non-empty string, and not at all for a missing name, null,
 * false, "" or []; an inverted section renders in exactly those last cases.
 * {{x}} writes null as nothing and booleans as true/false.
 * Returns 0, or -1 after reporting to `d`: a list or map in {{x}}, partials
 * nested deeper than max_partial_depth, more than max_steps or max_output,
 * a partial that does not compile. On error `out` holds a partial result. */
int mustache_render(buf *out, const mustache_template *t, const tree *context,
                    const mustache_render_opts *opts, diag *d);

#endif
