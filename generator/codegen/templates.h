/* templates: finding, reading and compiling Mustache templates. A set
 * searches a list of directories in order (a user's directory before the
 * defaults), so a file of a given name in an earlier directory overrides
 * the later ones; partials are found the same way. Every file read is
 * remembered, for depfiles. It knows nothing of schemas or contexts. */
#ifndef SCHEMAC_TEMPLATES_H
#define SCHEMAC_TEMPLATES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "mustache.h"

typedef struct templates {
    arena *a;
    diag *d;
    const char **dirs; /* searched in order */
    size_t ndirs;
    const char **files; /* every template file read, in order */
    size_t nfiles, cap_files;
    mustache_partials *partials; /* for mustache_render_opts.partials */
} templates;

/* A set searching `dirs` (copied into `a`), reporting to `d`. */
void templates_init(templates *t, arena *a, diag *d, const char *const *dirs, size_t ndirs);

/* Compiles the template file at `path` (any path, not searched). NULL after
 * reporting when it cannot be read or does not compile. */
mustache_template *templates_compile_file(templates *t, const char *path);

/* Compiles NAME.mustache from the first directory that has it. NULL after
 * reporting when no directory has it or it does not compile. */
mustache_template *templates_compile(templates *t, const char *name);

/* The whole file at `path` in `a`, NUL-terminated, its length in *len;
 * NULL with errno set when it cannot be read. */
char *templates_read_file(arena *a, const char *path, size_t *len);

/* The directory part of `path` ("." when there is none). */
const char *templates_directory_of(arena *a, const char *path);

/* True when `path` is a directory. */
bool templates_is_dir(const char *path);

#endif
