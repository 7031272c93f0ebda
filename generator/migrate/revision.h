/* revision: one revision file — its header, its up and down sections split
 * into statements the way psql splits them, its checksum — and the names of
 * new revisions. The chain of revisions is history's job; running them is
 * runner's. See docs/migrations.md for the file format. */
#ifndef SCHEMAC_REVISION_H
#define SCHEMAC_REVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "sha256.h"

#define REVISION_SLUG_MAX 40

/* One SQL statement: its text from its first token through the `;`, as it
 * appears in the file (so a server error position maps back to the file). */
typedef struct revision_stmt {
    const char *sql;
    size_t offset; /* of sql in the file text */
    int line, col;
} revision_stmt;

/* A step is the unit the runner records progress by: a `-- +up` (or
 * `-- +down`) section is one transactional step holding all its statements;
 * a `nontransactional` section gives one step per statement. */
typedef struct revision_step {
    bool transactional;
    revision_stmt *stmts;
    size_t n;
    int marker_line; /* line of the section marker */
} revision_step;

typedef enum revision_direction { REVISION_UP, REVISION_DOWN } revision_direction;

typedef struct revision {
    const char *path; /* as given to revision_parse */
    const char *id;
    const char *parent; /* NULL for the first revision (`-- parent: none`) */
    const char *message;
    src_pos id_pos, parent_pos;
    revision_step *up, *down; /* empty sections make no step */
    size_t nup, ndown;
    char checksum[SHA256_HEX_SIZE]; /* sha256 of the whole file */
    const char *text;               /* the file, NUL-terminated */
    size_t len;
} revision;

/* Parses the revision file `path` whose contents are text[0..len). Every
 * string in *out lives in `a`. Returns 0, or -1 after reporting every
 * problem found (file:line:col) to d. The text is registered with d. */
int revision_parse(arena *a, const char *path, const char *text, size_t len, revision *out,
                   diag *d);

/* The steps of one direction. */
const revision_step *revision_steps(const revision *r, revision_direction dir, size_t *n);

/* Line and column (1-based, bytes) of a byte offset in r's text. */
src_pos revision_position(const revision *r, size_t offset);

/* Splits SQL text into statements as psql would (quotes, "identifiers",
 * E'' strings, $tag$ dollar quotes, comments, parentheses and BEGIN ATOMIC
 * bodies all respected). For tests and tools; revision_parse uses the same
 * scanner. Returns the count; statements are allocated in `a`. A final
 * statement without `;` is returned as it is. */
size_t revision_split_sql(arena *a, const char *sql, revision_stmt **out);

/* True for YYYYMMDD_NNNN_slug with slug in [a-z0-9_]. */
bool revision_id_valid(const char *id);

/* Appends the slug of a message: lowercase letters and digits, other runs
 * of characters turned into one '_', at most REVISION_SLUG_MAX bytes;
 * "revision" when the message has no letters or digits. */
void revision_slug(const char *message, buf *out);

/* The id of a revision made at `now` (its UTC date) with `message`: the
 * counter is one more than the highest that date among `ids`. Allocated in
 * `a`; NULL when the day already has 9999 revisions. */
const char *revision_new_id(arena *a, time_t now, const char *message, const char *const *ids,
                            size_t nids);

/* The clock revision names are made from: $SCHEMAC_NOW when set (a UTC date
 * YYYY-MM-DD, or seconds since the Unix epoch), so tests and reproducible
 * builds do not depend on the day they run; else time(NULL). A malformed
 * SCHEMAC_NOW is an error. */
int revision_clock(time_t *out, diag *d);

/* Appends the three header lines. Control characters in the message become
 * spaces (the header is one line each). parent NULL: `none`. */
void revision_write_header(buf *out, const char *id, const char *parent, const char *message);

/* Appends a section marker line: "-- +up", "-- +down nontransactional". */
void revision_write_marker(buf *out, revision_direction dir, bool transactional);

#endif
