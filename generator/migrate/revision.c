/* revision: parsing revision files and naming new ones; see revision.h.
 * One scanner walks the file once, the way psql's lexer does: quotes,
 * dollar quotes and comments are skipped whole, so a `;` or a section
 * marker inside them is text, not structure. */
#include "revision.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------------
 * Character classes (byte-wise, locale independent, as PostgreSQL's lexer).
 */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_ident_start(unsigned char c) { return is_alpha(c) || c == '_' || c >= 0x80; }
static bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c) || c == '$'; }
/* A dollar-quote tag is an identifier without `$`. */
static bool is_tag_char(unsigned char c) { return is_ident_start(c) || is_digit(c); }

/* Length of the dollar-quote opener ($$ or $tag$) at text[pos], else 0. */
static size_t dollar_tag_len(const char *text, size_t len, size_t pos)
{
    size_t i = pos + 1;
    if (i < len && text[i] == '$')
        return 2;
    if (i >= len || !is_ident_start((unsigned char)text[i]))
        return 0;
    while (i < len && is_tag_char((unsigned char)text[i]))
        i++;
    return i < len && text[i] == '$' ? i - pos + 1 : 0;
}

/* ---------------------------------------------------------------------------
 * The scanner and the statement being collected.
 */

typedef struct stmt_list {
    revision_stmt *items;
    size_t n, cap;
} stmt_list;

typedef struct step_list {
    revision_step *items;
    size_t n, cap;
} step_list;

typedef enum section { SECTION_NONE, SECTION_UP, SECTION_DOWN, SECTION_UNKNOWN } section;

typedef struct scanner {
    arena *a;
    diag *d; /* NULL when splitting plain SQL */
    const char *path;
    const char *text;
    size_t len, pos;
    int line;
    size_t line_start;
    bool markers; /* recognise `-- +` section markers (revision files) */

    /* The statement in progress. */
    bool active;
    size_t start;
    int start_line, start_col;
    int paren, begin_depth;
    unsigned ident_count;
    char idents[4];

    /* Sections. */
    section sec;
    bool transactional;
    int marker_line, first_down_line;
    bool seen_up, seen_down, reported_outside;
    bool aborted; /* an unterminated quote or comment swallowed the rest */
    stmt_list cur;
    step_list up, down;
} scanner;

static void advance_to(scanner *s, size_t to)
{
    for (; s->pos < to; s->pos++) {
        if (s->text[s->pos] == '\n') {
            s->line++;
            s->line_start = s->pos + 1;
        }
    }
}

static int col_of(const scanner *s, size_t pos) { return (int)(pos - s->line_start) + 1; }

static src_pos here(const scanner *s, size_t pos)
{
    return (src_pos){s->path, s->line, col_of(s, pos)};
}

static void push_stmt(scanner *s, stmt_list *l, revision_stmt st)
{
    l->items = arena_grow(s->a, l->items, sizeof *l->items, &l->cap, l->n + 1);
    l->items[l->n++] = st;
}

static void push_step(scanner *s, step_list *l, revision_step st)
{
    l->items = arena_grow(s->a, l->items, sizeof *l->items, &l->cap, l->n + 1);
    l->items[l->n++] = st;
}

/* ---------------------------------------------------------------------------
 * Checks on a finished statement: things the runner cannot do right, caught
 * before anything runs.
 */

/* Up to `max` leading words of a statement (identifiers, uppercased into
 * words[i]), skipping comments and parenthesised groups. */
static size_t leading_words(const char *sql, char words[][24], size_t max)
{
    size_t n = 0;
    const char *p = sql;
    while (*p && n < max) {
        if (is_space((unsigned char)*p)) {
            p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else if (*p == '(') {
            int depth = 0;
            do {
                depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
                p++;
            } while (*p && depth > 0);
        } else if (is_ident_start((unsigned char)*p)) {
            size_t k = 0;
            while (is_ident_char((unsigned char)*p)) {
                if (k < 23)
                    words[n][k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
                p++;
            }
            words[n++][k] = '\0';
        } else {
            break;
        }
    }
    return n;
}

/* Transaction control would break the runner's transaction per section. */
static const char *transaction_control(char words[][24], size_t n)
{
    static const char *const single[] = {"BEGIN", "COMMIT", "ROLLBACK", "END", "ABORT"};
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < sizeof single / sizeof *single; i++)
        if (!strcmp(words[0], single[i]))
            return single[i];
    if (n >= 2 && !strcmp(words[0], "START") && !strcmp(words[1], "TRANSACTION"))
        return "START TRANSACTION";
    if (n >= 2 && !strcmp(words[0], "PREPARE") && !strcmp(words[1], "TRANSACTION"))
        return "PREPARE TRANSACTION";
    return NULL;
}

/* Statements PostgreSQL refuses inside a transaction block. */
static const char *needs_no_transaction(char words[][24], size_t n)
{
    if (n == 0)
        return NULL;
    if (!strcmp(words[0], "VACUUM"))
        return "VACUUM";
    if (!strcmp(words[0], "ALTER") && n >= 2 && !strcmp(words[1], "SYSTEM"))
        return "ALTER SYSTEM";
    if (!strcmp(words[0], "REINDEX")) {
        for (size_t i = 1; i < n; i++)
            if (!strcmp(words[i], "CONCURRENTLY"))
                return "REINDEX CONCURRENTLY";
        return NULL;
    }
    if (!strcmp(words[0], "CREATE") || !strcmp(words[0], "DROP")) {
        bool create = words[0][0] == 'C';
        size_t i = 1;
        if (n > 1 && (!strcmp(words[1], "DATABASE") || !strcmp(words[1], "TABLESPACE")))
            return create ? (words[1][0] == 'D' ? "CREATE DATABASE" : "CREATE TABLESPACE")
                          : (words[1][0] == 'D' ? "DROP DATABASE" : "DROP TABLESPACE");
        if (create && i < n && !strcmp(words[i], "UNIQUE"))
            i++;
        if (i + 1 < n && !strcmp(words[i], "INDEX") && !strcmp(words[i + 1], "CONCURRENTLY"))
            return create ? "CREATE INDEX CONCURRENTLY" : "DROP INDEX CONCURRENTLY";
    }
    return NULL;
}

static const char *section_name(section sec, bool transactional)
{
    if (sec == SECTION_DOWN)
        return transactional ? "-- +down" : "-- +down nontransactional";
    return transactional ? "-- +up" : "-- +up nontransactional";
}

static void check_statement(scanner *s, const revision_stmt *st)
{
    char words[4][24];
    size_t n = leading_words(st->sql, words, 4);
    src_pos pos = {s->path, st->line, st->col};
    const char *what = transaction_control(words, n);
    if (what) {
        diag_error(s->d, pos,
                   "the runner runs each section in a transaction of its own; split the work "
                   "into sections instead (a `nontransactional` section for statements that "
                   "cannot run in a transaction)",
                   "transaction control statement `%s` in a revision", what);
        return;
    }
    what = needs_no_transaction(words, n);
    if (what && s->transactional) {
        buf hint = BUF_INIT;
        buf_printf(&hint, "move it to a `%s` section after this one",
                   section_name(s->sec, false));
        diag_error(s->d, pos, buf_cstr(&hint), "`%s` cannot run inside a transaction", what);
        buf_free(&hint);
    }
}

/* ---------------------------------------------------------------------------
 * Statements and sections.
 */

static void start_statement(scanner *s, size_t pos)
{
    s->active = true;
    s->start = pos;
    s->start_line = s->line;
    s->start_col = col_of(s, pos);
    s->paren = s->begin_depth = 0;
    s->ident_count = 0;
    memset(s->idents, 0, sizeof s->idents);
}

static void finish_statement(scanner *s, size_t end)
{
    revision_stmt st = {arena_strndup(s->a, s->text + s->start, end - s->start), s->start,
                        s->start_line, s->start_col};
    s->active = false;
    if (s->markers) {
        if (s->sec == SECTION_NONE) {
            if (!s->reported_outside)
                diag_error(s->d, (src_pos){s->path, st.line, st.col},
                           "statements belong after a `-- +up` or `-- +down` marker",
                           "SQL before the `-- +up` marker");
            s->reported_outside = true;
            return;
        }
        if (s->sec == SECTION_UNKNOWN)
            return;
        check_statement(s, &st);
    }
    push_stmt(s, &s->cur, st);
}

/* Ends the current section: its statements become steps. */
static void flush_section(scanner *s)
{
    step_list *steps = s->sec == SECTION_UP ? &s->up : s->sec == SECTION_DOWN ? &s->down : NULL;
    if (steps && s->transactional && s->cur.n) {
        push_step(s, steps, (revision_step){true, s->cur.items, s->cur.n, s->marker_line});
    } else if (steps) {
        for (size_t i = 0; i < s->cur.n; i++)
            push_step(s, steps, (revision_step){false, &s->cur.items[i], 1, s->marker_line});
    }
    s->cur = (stmt_list){0};
}

static void unterminated_statement(scanner *s, const char *hint)
{
    diag_error(s->d, (src_pos){s->path, s->start_line, s->start_col}, hint,
               "statement is not terminated by `;`");
    s->active = false;
}

/* A line beginning `-- +` at the top level. */
static void section_marker(scanner *s)
{
    size_t p = s->pos, end = p;
    while (end < s->len && s->text[end] != '\n')
        end++;
    size_t trimmed = end;
    while (trimmed > p && is_space((unsigned char)s->text[trimmed - 1]))
        trimmed--;
    if (s->active) {
        buf hint = BUF_INIT;
        buf_printf(&hint, "end it with `;` before the section marker on line %d", s->line);
        unterminated_statement(s, buf_cstr(&hint));
        buf_free(&hint);
    }
    flush_section(s);

    const char *w = s->text + p + 4, *lim = s->text + trimmed;
    size_t wl = 0;
    while (w + wl < lim && is_alpha((unsigned char)w[wl]))
        wl++;
    const char *rest = w + wl;
    while (rest < lim && (*rest == ' ' || *rest == '\t'))
        rest++;
    size_t restl = (size_t)(lim - rest);
    bool up = wl == 2 && !memcmp(w, "up", 2), down = wl == 4 && !memcmp(w, "down", 4);
    bool nontx = restl == 16 && !memcmp(rest, "nontransactional", 16);
    bool plain = w + wl == lim;
    src_pos pos = here(s, p);
    if ((up || down) && (plain || nontx)) {
        if (up && s->seen_down)
            diag_error(s->d, pos, "put every up section before the first `-- +down`",
                       "`-- +up` section after the `-- +down` section");
        if (down && !s->seen_down)
            s->first_down_line = s->line;
        s->seen_up |= up;
        s->seen_down |= down;
        s->sec = up ? SECTION_UP : SECTION_DOWN;
        s->transactional = !nontx;
    } else {
        diag_error(s->d, pos,
                   "section markers are `-- +up` and `-- +down`, either followed by "
                   "` nontransactional`; other comments must not begin with `-- +`",
                   "unknown section marker `%.*s`", (int)(trimmed - p), s->text + p);
        s->sec = SECTION_UNKNOWN;
    }
    s->marker_line = s->line;
    advance_to(s, end);
}

/* psql's heuristic for SQL-standard function bodies: inside CREATE [OR
 * REPLACE] FUNCTION|PROCEDURE, BEGIN ... END (and CASE ... END within it)
 * nest, and a `;` inside them does not end the statement. */
static void track_identifier(scanner *s, const char *w, size_t n)
{
    static const char *const tracked[] = {"create", "function", "procedure", "or", "replace"};
    if (s->ident_count == 0)
        memset(s->idents, 0, sizeof s->idents);
    for (size_t i = 0; i < sizeof tracked / sizeof *tracked; i++)
        if (strlen(tracked[i]) == n && !strncasecmp(w, tracked[i], n) && s->ident_count < 4)
            s->idents[s->ident_count] = tracked[i][0];
    s->ident_count++;
    const char *k = s->idents;
    bool in_function = k[0] == 'c' && (k[1] == 'f' || k[1] == 'p' ||
                                       (k[1] == 'o' && k[2] == 'r' && (k[3] == 'f' || k[3] == 'p')));
    if (!in_function || s->paren != 0)
        return;
    if (n == 5 && !strncasecmp(w, "begin", 5))
        s->begin_depth++;
    else if (n == 4 && !strncasecmp(w, "case", 4) && s->begin_depth >= 1)
        s->begin_depth++;
    else if (n == 3 && !strncasecmp(w, "end", 3) && s->begin_depth > 0)
        s->begin_depth--;
}

/* Skips a quoted string or identifier starting at `p` (the quote). Doubled
 * quotes stay inside; with `backslash` (E'' strings) so does \'. */
static bool skip_quoted(scanner *s, size_t p, char quote, bool backslash)
{
    for (size_t i = p + 1; i < s->len; i++) {
        if (backslash && s->text[i] == '\\' && i + 1 < s->len) {
            i++;
        } else if (s->text[i] == quote) {
            if (i + 1 < s->len && s->text[i + 1] == quote) {
                i++;
                continue;
            }
            advance_to(s, i + 1);
            return true;
        }
    }
    return false;
}

/* Reports an unterminated construct opened at `p` and ends the scan. */
static void unterminated(scanner *s, size_t p, const char *what, int width)
{
    diag_error(s->d, here(s, p),
               "everything after it was read as part of it; close it (and check for a "
               "stray quote)",
               "unterminated %s `%.*s`", what, width, s->text + p);
    s->active = false;
    s->aborted = true;
    advance_to(s, s->len);
}

static void scan(scanner *s)
{
    while (s->pos < s->len) {
        size_t p = s->pos;
        unsigned char c = (unsigned char)s->text[p];
        if (s->markers && p == s->line_start && s->len - p >= 4 && !memcmp(s->text + p, "-- +", 4)) {
            section_marker(s);
            continue;
        }
        if (is_space(c)) {
            advance_to(s, p + 1);
            continue;
        }
        if (c == '-' && p + 1 < s->len && s->text[p + 1] == '-') {
            size_t e = p;
            while (e < s->len && s->text[e] != '\n')
                e++;
            advance_to(s, e);
            continue;
        }
        if (c == '/' && p + 1 < s->len && s->text[p + 1] == '*') {
            int depth = 0;
            size_t i = p;
            while (i + 1 < s->len) {
                if (s->text[i] == '/' && s->text[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (s->text[i] == '*' && s->text[i + 1] == '/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    i++;
                }
            }
            if (depth > 0) {
                unterminated(s, p, "comment", 2);
                return;
            }
            advance_to(s, i);
            continue;
        }
        if (!s->active)
            start_statement(s, p);
        if (c == ';') {
            advance_to(s, p + 1);
            if (s->paren == 0 && s->begin_depth == 0)
                finish_statement(s, p + 1);
        } else if (c == '\'' || c == '"') {
            if (!skip_quoted(s, p, (char)c, false)) {
                unterminated(s, p, c == '"' ? "quoted identifier" : "quoted string", 1);
                return;
            }
        } else if (c == '$') {
            size_t n = dollar_tag_len(s->text, s->len, p);
            if (n) {
                const char *close = NULL;
                for (size_t i = p + n; i + n <= s->len; i++)
                    if (s->text[i] == '$' && !memcmp(s->text + i, s->text + p, n)) {
                        close = s->text + i;
                        break;
                    }
                if (!close) {
                    unterminated(s, p, "dollar-quoted string", (int)n);
                    return;
                }
                advance_to(s, (size_t)(close - s->text) + n);
            } else {
                size_t i = p + 1;
                while (i < s->len && is_digit((unsigned char)s->text[i]))
                    i++;
                advance_to(s, i);
            }
        } else if (is_ident_start(c)) {
            size_t i = p;
            while (i < s->len && is_ident_char((unsigned char)s->text[i]))
                i++;
            track_identifier(s, s->text + p, i - p);
            advance_to(s, i);
            if (i - p == 1 && (c == 'E' || c == 'e') && i < s->len && s->text[i] == '\'' &&
                !skip_quoted(s, i, '\'', true)) {
                unterminated(s, i, "quoted string", 1);
                return;
            }
        } else if (c == '\\' && s->markers) {
            size_t e = p;
            while (e < s->len && !is_space((unsigned char)s->text[e]))
                e++;
            diag_error(s->d, here(s, p),
                       "revision files are run by schemac, not psql; write the SQL the "
                       "meta-command stands for",
                       "psql meta-command `%.*s` in a revision", (int)(e - p), s->text + p);
            while (e < s->len && s->text[e] != '\n')
                e++;
            advance_to(s, e);
        } else {
            if (c == '(')
                s->paren++;
            else if (c == ')' && s->paren > 0)
                s->paren--;
            advance_to(s, p + 1);
        }
    }
}

/* ---------------------------------------------------------------------------
 * The header.
 */

static bool id_matches_file(const char *id, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".sql"))
        n -= 4;
    return strlen(id) == n && !memcmp(id, base, n);
}

static const char id_hint[] =
    "revision ids are made by `schemac migrate new`: the UTC date, a counter within the "
    "day and a slug of the message (lowercase letters, digits and _), as in "
    "20261129_0001_create_users";

/* Reads header line `lineno` (the scanner is at its start): `prefix` then a
 * value. Returns the value (in the arena) or NULL after reporting. */
static const char *header_value(scanner *s, const char *prefix, const char *shape,
                                src_pos *vpos)
{
    size_t p = s->pos, end = p;
    while (end < s->len && s->text[end] != '\n')
        end++;
    size_t plen = strlen(prefix);
    if (end - p < plen || memcmp(s->text + p, prefix, plen) != 0) {
        if (s->line == 1)
            diag_error(s->d, here(s, p),
                       "a revision file starts with three header lines: `-- schemac revision: "
                       "ID`, `-- parent: ID` (or `none`) and `-- message: TEXT`",
                       "not a revision file: the first line must be `%s`", shape);
        else
            diag_error(s->d, here(s, p), "the header is `-- schemac revision: ID`, "
                       "`-- parent: ID` (or `none`) and `-- message: TEXT`, in that order",
                       "missing header line `%s`", shape);
        return NULL;
    }
    size_t v = p + plen;
    while (v < end && (s->text[v] == ' ' || s->text[v] == '\t'))
        v++;
    size_t ve = end;
    while (ve > v && is_space((unsigned char)s->text[ve - 1]))
        ve--;
    *vpos = here(s, v);
    const char *value = arena_strndup(s->a, s->text + v, ve - v);
    advance_to(s, end < s->len ? end + 1 : end);
    return value;
}

static int parse_header(scanner *s, revision *r)
{
    src_pos pos;
    size_t errors = s->d->errors;
    const char *id = header_value(s, "-- schemac revision:", "-- schemac revision: ID", &pos);
    if (!id)
        return -1;
    r->id = id;
    r->id_pos = pos;
    if (!*id)
        diag_error(s->d, pos, id_hint, "missing revision id after `-- schemac revision:`");
    else if (!revision_id_valid(id))
        diag_error(s->d, pos, id_hint, "revision id `%s` is not of the form YYYYMMDD_NNNN_slug",
                   id);
    else if (!id_matches_file(id, s->path)) {
        const char *base = strrchr(s->path, '/');
        buf hint = BUF_INIT;
        buf_printf(&hint, "rename the file to `%s.sql`, or correct the id", id);
        diag_error(s->d, pos, buf_cstr(&hint), "revision id `%s` does not match the file name `%s`",
                   id, base ? base + 1 : s->path);
        buf_free(&hint);
    }

    const char *parent = header_value(s, "-- parent:", "-- parent: ID", &pos);
    if (!parent)
        return -1;
    r->parent_pos = pos;
    if (!*parent)
        diag_error(s->d, pos, "write `-- parent: none` for the first revision",
                   "missing parent after `-- parent:`");
    else if (!strcmp(parent, "none"))
        parent = NULL;
    else if (!revision_id_valid(parent))
        diag_error(s->d, pos, id_hint, "parent `%s` is neither a revision id nor `none`", parent);
    else if (!strcmp(parent, id))
        diag_error(s->d, pos, NULL, "revision `%s` names itself as its parent", id);
    r->parent = parent;

    const char *message = header_value(s, "-- message:", "-- message: TEXT", &pos);
    if (!message)
        return -1;
    r->message = message;
    return s->d->errors > errors ? -1 : 0;
}

/* ---------------------------------------------------------------------------
 * Public functions.
 */

int revision_parse(arena *a, const char *path, const char *text, size_t len, revision *out,
                   diag *d)
{
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(a, path);
    out->text = arena_strndup(a, text, len);
    out->len = len;
    sha256_hex(text, len, out->checksum);
    diag_add_source(d, path, text, len);

    size_t errors = d->errors;
    /* Statements are C strings: a NUL byte would silently cut one short,
     * and the server would run other SQL than the file shows. */
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return diag_error(d, revision_position(out, (size_t)(nul - text)),
                          "a revision file is SQL text; remove the byte (an editor or a "
                          "conversion from UTF-16 may have written it)",
                          "the file holds a NUL byte");
    scanner s = {.a = a, .d = d, .path = out->path, .text = out->text, .len = len, .line = 1,
                 .markers = true};
    /* A UTF-8 byte order mark is not part of the first line. */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        s.pos = s.line_start = 3;
    if (parse_header(&s, out) < 0 && !out->message)
        return -1;
    scan(&s);
    if (s.active)
        unterminated_statement(&s, "end it with `;`");
    flush_section(&s);
    if (!s.seen_up && !s.reported_outside && !s.aborted)
        diag_error(d, (src_pos){out->path, s.seen_down ? s.first_down_line : 4, 1},
                   "after the header come `-- +up` and the statements that apply the "
                   "revision, then `-- +down` and those that revert it",
                   "missing `-- +up` section");
    if (!s.seen_down && !s.aborted)
        diag_error(d, (src_pos){out->path, s.line, 1},
                   "every revision ends with a `-- +down` section that reverts it (it may be "
                   "empty when there is nothing to revert)",
                   "missing `-- +down` section");
    out->up = s.up.items;
    out->nup = s.up.n;
    out->down = s.down.items;
    out->ndown = s.down.n;
    return d->errors > errors ? -1 : 0;
}

const revision_step *revision_steps(const revision *r, revision_direction dir, size_t *n)
{
    *n = dir == REVISION_UP ? r->nup : r->ndown;
    return dir == REVISION_UP ? r->up : r->down;
}

src_pos revision_position(const revision *r, size_t offset)
{
    src_pos pos = {r->path, 1, 1};
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < r->len; i++)
        if (r->text[i] == '\n') {
            pos.line++;
            line_start = i + 1;
        }
    pos.col = (int)(offset - line_start) + 1;
    return pos;
}

size_t revision_split_sql(arena *a, const char *sql, revision_stmt **out)
{
    diag quiet;
    diag_init(&quiet);
    scanner s = {.a = a, .d = &quiet, .path = "", .text = sql, .len = strlen(sql), .line = 1};
    scan(&s);
    if (s.active) {
        size_t end = s.len;
        while (end > s.start && is_space((unsigned char)sql[end - 1]))
            end--;
        finish_statement(&s, end);
    }
    diag_free(&quiet);
    *out = s.cur.items;
    return s.cur.n;
}

bool revision_id_valid(const char *id)
{
    for (int i = 0; i < 8; i++)
        if (!is_digit((unsigned char)id[i]))
            return false;
    if (id[8] != '_')
        return false;
    for (int i = 9; i < 13; i++)
        if (!is_digit((unsigned char)id[i]))
            return false;
    if (id[13] != '_' || !id[14])
        return false;
    for (const char *p = id + 14; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || is_digit((unsigned char)*p) || *p == '_'))
            return false;
    return strlen(id) <= 14 + REVISION_SLUG_MAX;
}

void revision_slug(const char *message, buf *out)
{
    size_t start = out->len;
    bool gap = false;
    for (const char *p = message; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || is_digit((unsigned char)c)) {
            if (gap && out->len > start) {
                if (out->len - start + 1 >= REVISION_SLUG_MAX)
                    break;
                buf_putc(out, '_');
            }
            if (out->len - start >= REVISION_SLUG_MAX)
                break;
            buf_putc(out, c);
            gap = false;
        } else {
            gap = true;
        }
    }
    if (out->len == start)
        buf_puts(out, "revision");
}

const char *revision_new_id(arena *a, time_t now, const char *message, const char *const *ids,
                            size_t nids)
{
    struct tm tm;
    gmtime_r(&now, &tm);
    char date[40];
    snprintf(date, sizeof date, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    int counter = 0;
    for (size_t i = 0; i < nids; i++)
        if (revision_id_valid(ids[i]) && !strncmp(ids[i], date, 8)) {
            int c = atoi(ids[i] + 9);
            if (c > counter)
                counter = c;
        }
    if (counter >= 9999)
        return NULL;
    buf slug = BUF_INIT;
    revision_slug(message, &slug);
    const char *id = arena_printf(a, "%s_%04d_%s", date, counter + 1, buf_cstr(&slug));
    buf_free(&slug);
    return id;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil); timegm is not in C11 or POSIX. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

int revision_clock(time_t *out, diag *d)
{
    const char *now = getenv("SCHEMAC_NOW");
    if (!now || !*now) {
        *out = time(NULL);
        return 0;
    }
    unsigned y, m, day;
    char *end;
    int n = 0;
    if (sscanf(now, "%4u-%2u-%2u%n", &y, &m, &day, &n) == 3 && n == 10 && !now[n]) {
        static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (y >= 1970 && m >= 1 && m <= 12 && day >= 1 && day <= mdays[m - 1] &&
            !(m == 2 && day == 29 && !leap)) {
            *out = (time_t)(days_from_civil(y, m, day) * 86400);
            return 0;
        }
    } else if (isdigit((unsigned char)now[0])) {
        errno = 0;
        long long secs = strtoll(now, &end, 10);
        if (!*end && errno == 0 && secs >= 0) {
            *out = (time_t)secs;
            return 0;
        }
    }
    return diag_error(d, (src_pos){0}, "give a UTC date YYYY-MM-DD or seconds since 1970, or unset it",
                      "SCHEMAC_NOW is '%s', which is not a date", now);
}

void revision_write_header(buf *out, const char *id, const char *parent, const char *message)
{
    buf_printf(out, "-- schemac revision: %s\n-- parent: %s\n-- message: ", id,
               parent ? parent : "none");
    while (*message && is_space((unsigned char)*message))
        message++;
    size_t start = out->len;
    for (const char *p = message; *p; p++)
        buf_putc(out, (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
    size_t end = out->len;
    while (end > start && out->data[end - 1] == ' ')
        end--;
    buf_truncate(out, end);
    buf_putc(out, '\n');
}

void revision_write_marker(buf *out, revision_direction dir, bool transactional)
{
    buf_printf(out, "-- +%s%s\n", dir == REVISION_UP ? "up" : "down",
               transactional ? "" : " nontransactional");
}
