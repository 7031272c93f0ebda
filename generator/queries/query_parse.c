/* query_parse: queries/NAME.sql → queries with their SQL as sent. A file is
 * a sequence of statements, each after a `-- name: NAME :kind` line (and
 * optional `-- nullable: cols` / `-- not null: cols` lines). Of the SQL
 * itself only the boundaries of strings, quoted identifiers, comments and
 * dollar quotes are read, so that parameters are found outside them:
 * `$N`, `@name`, `sqlc.arg(name)` and `sqlc.narg(name)` (a nullable one).
 * Named parameters become `$n` in order of first use. Nothing else of the
 * SQL is parsed: the server describes it. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "query.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

const char *query_kind_name(query_kind k)
{
    static const char *const names[] = {"one", "many", "exec", "execrows", "copyfrom"};
    return names[k];
}

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_' || (c & 0x80); }
static bool ident_char(char c) { return ident_start(c) || isdigit((unsigned char)c); }

/* Line and column (1-based, in bytes) of byte `offset` of `text`. */
static src_pos position_in(const char *file, const char *text, size_t offset)
{
    src_pos p = {file, 1, 1};
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            p.line++;
            p.col = 1;
        } else {
            p.col++;
        }
    }
    return p;
}

src_pos query_position(const query *q, size_t offset)
{
    size_t in = q->spans[0].in;
    for (size_t i = 0; i < q->nspans && q->spans[i].out <= offset; i++)
        in = q->spans[i].in + (offset - q->spans[i].out);
    return position_in(q->file, q->text, in);
}

size_t query_char_offset(const query *q, int position)
{
    size_t i = 0;
    for (int chars = 1; q->sql[i] && chars < position; i++)
        if (((unsigned char)q->sql[i + 1] & 0xC0) != 0x80)
            chars++;
    return i;
}

typedef struct parser {
    arena *a;
    diag *d;
    const char *file, *text;
    query *q;
    buf sql;
    size_t cap_spans, cap_params, cap_overrides;
    int positional; /* highest $N seen; 0: none */
    bool named;
} parser;

static void add_span(parser *p, size_t in)
{
    p->q->spans = arena_grow(p->a, p->q->spans, sizeof *p->q->spans, &p->cap_spans,
                             p->q->nspans + 1);
    p->q->spans[p->q->nspans++] = (query_span){p->sql.len, in};
}

/* The number of the named parameter `name`, added on first use. */
static int named_param(parser *p, const char *name, size_t len, bool nullable, size_t at)
{
    query *q = p->q;
    for (size_t i = 0; i < q->nparams; i++)
        if (strlen(q->params[i].name) == len && !strncmp(q->params[i].name, name, len)) {
            q->params[i].nullable |= nullable;
            return (int)i + 1;
        }
    q->params = arena_grow(p->a, q->params, sizeof *q->params, &p->cap_params, q->nparams + 1);
    q->params[q->nparams] = (query_param){arena_strndup(p->a, name, len), nullable,
                                          position_in(p->file, p->text, at), {0}};
    return (int)++q->nparams;
}

/* Where a quoted run that starts at s[i] ends (one past it). */
static size_t skip_quoted(const char *s, size_t i, size_t end, char quote, bool backslashes)
{
    for (i++; i < end; i++) {
        if (backslashes && s[i] == '\\' && i + 1 < end)
            i++;
        else if (s[i] == quote) {
            if (i + 1 < end && s[i + 1] == quote)
                i++;
            else
                return i + 1;
        }
    }
    return end;
}

/* A dollar-quote tag at s[i] ("$tag$" or "$$"): its length, 0 if none. */
static size_t dollar_tag(const char *s, size_t i, size_t end)
{
    size_t j = i + 1;
    if (j < end && s[j] != '$' && !ident_start(s[j]))
        return 0;
    while (j < end && s[j] != '$' && ident_char(s[j]))
        j++;
    return j < end && s[j] == '$' ? j - i + 1 : 0;
}

/* Copies the statement text[start, end) into p->sql, replacing parameters. */
static int scan_sql(parser *p, size_t start, size_t end)
{
    const char *s = p->text;
    size_t copied = start; /* text[copied, i) is still to copy */
    add_span(p, start);
    for (size_t i = start; i < end;) {
        char c = s[i];
        size_t next = i + 1;
        if (c == '\'') {
            bool esc = i > start && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                       (i - 1 == start || !ident_char(s[i - 2]));
            next = skip_quoted(s, i, end, '\'', esc);
        } else if (c == '"') {
            next = skip_quoted(s, i, end, '"', false);
        } else if (c == '-' && i + 1 < end && s[i + 1] == '-') {
            while (next < end && s[next] != '\n')
                next++;
        } else if (c == '/' && i + 1 < end && s[i + 1] == '*') {
            int depth = 1;
            for (next = i + 2; next < end && depth; next++) {
                if (s[next] == '*' && next + 1 < end && s[next + 1] == '/')
                    depth--, next++;
                else if (s[next] == '/' && next + 1 < end && s[next + 1] == '*')
                    depth++, next++;
            }
        } else if (c == '$' && i + 1 < end && isdigit((unsigned char)s[i + 1]) &&
                   (i == start || !ident_char(s[i - 1]))) {
            int n = 0;
            for (next = i + 1; next < end && isdigit((unsigned char)s[next]); next++)
                n = n < 100000 ? n * 10 + (s[next] - '0') : n;
            if (n > p->positional)
                p->positional = n;
        } else if (c == '$' && (i == start || !ident_char(s[i - 1])) && dollar_tag(s, i, end)) {
            size_t tag = dollar_tag(s, i, end);
            const char *close = NULL;
            for (size_t j = i + tag; j + tag <= end; j++)
                if (!strncmp(s + j, s + i, tag)) {
                    close = s + j;
                    break;
                }
            next = close ? (size_t)(close - s) + tag : end;
        } else {
            /* A named parameter: text[i, next) is replaced by $n. */
            size_t name = 0, len = 0;
            bool nullable = false;
            if (c == '@' && i + 1 < end && ident_start(s[i + 1]) &&
                (i == start || (s[i - 1] != '<' && s[i - 1] != '@'))) {
                name = i + 1;
                for (next = name; next < end && ident_char(s[next]); next++)
                    ;
                len = next - name;
            } else if ((c == 's' || c == 'S') && (i == start || !ident_char(s[i - 1])) &&
                       (!strncasecmp(s + i, "sqlc.arg(", 9) ||
                        !strncasecmp(s + i, "sqlc.narg(", 10))) {
                nullable = s[i + 5] == 'n' || s[i + 5] == 'N';
                name = i + (nullable ? 10 : 9);
                while (name < end && s[name] == ' ')
                    name++;
                for (next = name; next < end && ident_char(s[next]); next++)
                    ;
                len = next - name;
                while (next < end && s[next] == ' ')
                    next++;
                if (!len || next >= end || s[next] != ')')
                    return diag_error(p->d, position_in(p->file, s, i),
                                      "write sqlc.arg(name) with a plain identifier", "%s",
                                      "malformed sqlc.arg");
                next++;
            }
            if (len) {
                int n = named_param(p, s + name, len, nullable, i);
                p->named = true;
                buf_add(&p->sql, s + copied, i - copied);
                buf_printf(&p->sql, "$%d", n);
                add_span(p, next);
                copied = next;
            }
        }
        i = next;
    }
    buf_add(&p->sql, s + copied, end - copied);
    return 0;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* The end of the line at s (the '\n' or the NUL). */
static const char *line_end(const char *s)
{
    const char *e = strchr(s, '\n');
    return e ? e : s + strlen(s);
}

/* "-- name:" at line start (after blanks): the text after it, else NULL. */
static const char *annotation(const char *line, const char *key)
{
    const char *s = skip_spaces(line);
    if (strncmp(s, "--", 2))
        return NULL;
    s = skip_spaces(s + 2);
    size_t n = strlen(key);
    return !strncmp(s, key, n) && s[n] == ':' ? skip_spaces(s + n + 1) : NULL;
}

static int parse_overrides(parser *p, const char *s, const char *end, bool nullable)
{
    query *q = p->q;
    while (s < end) {
        while (s < end && (*s == ' ' || *s == '\t' || *s == ',' || *s == '\r'))
            s++;
        const char *w = s;
        while (s < end && *s != ' ' && *s != '\t' && *s != ',' && *s != '\r')
            s++;
        if (s == w)
            break;
        q->overrides = arena_grow(p->a, q->overrides, sizeof *q->overrides, &p->cap_overrides,
                                  q->noverrides + 1);
        q->overrides[q->noverrides++] = (query_override){
            arena_strndup(p->a, w, (size_t)(s - w)), nullable,
            position_in(p->file, p->text, (size_t)(w - p->text))};
    }
    return 0;
}

/* The last character of the string, quoted name or -- comment that starts
 * at s, or s itself when none does. */
static const char *skip_literal(const char *s)
{
    if (*s == '\'' || *s == '"') {
        char quote = *s;
        for (s++; *s && *s != quote; s++)
            ;
        return *s ? s : s - 1;
    }
    if (s[0] == '-' && s[1] == '-') {
        while (s[1] && s[1] != '\n')
            s++;
    }
    return s;
}

long query_find_word(const char *sql, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = sql; *s; s++) {
        const char *end = skip_literal(s);
        if (end != s) {
            s = end;
            continue;
        }
        if (!strncasecmp(s, word, n) && (s == sql || !ident_char(s[-1])) && !ident_char(s[n]))
            return s - sql;
    }
    return -1;
}

/* Whether the SQL selects `*` (a lone star after SELECT or a comma, or
 * `alias.*`), outside strings and comments: vet reports it. */
static bool selects_star(const char *sql)
{
    for (const char *s = sql; *s; s++) {
        const char *end = skip_literal(s);
        if (end != s) {
            s = end;
        } else if (*s == '*') {
            const char *b = s;
            while (b > sql && (b[-1] == ' ' || b[-1] == '\n' || b[-1] == '\t'))
                b--;
            const char *a = s + 1;
            while (*a == ' ' || *a == '\n' || *a == '\t')
                a++;
            if (b == sql)
                continue;
            bool after_list = (b - sql >= 6 && !strncasecmp(b - 6, "select", 6)) ||
                              b[-1] == ',' || (b[-1] == '.' && b - sql >= 2);
            bool ends_item = *a == ',' || !strncasecmp(a, "from", 4) || *a == '\0' || *a == ')';
            if (after_list && ends_item)
                return true;
        }
    }
    return false;
}

/* s past blanks and comments. */
static const char *skip_blanks(const char *s)
{
    for (;;) {
        while (isspace((unsigned char)*s))
            s++;
        if (s[0] != '-' || s[1] != '-')
            return s;
        while (*s && *s != '\n')
            s++;
    }
}

/* s after keyword `word` (and blanks), or NULL. */
static const char *expect_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    s = skip_blanks(s);
    return !strncasecmp(s, word, n) && !ident_char(s[n]) ? skip_blanks(s + n) : NULL;
}

/* The end of an identifier (plain, "quoted" or schema-qualified) at s. */
static const char *identifier_end(const char *s)
{
    for (;;) {
        if (*s == '"')
            s = strchr(s + 1, '"') ? strchr(s + 1, '"') + 1 : s + strlen(s);
        else
            while (ident_char(*s))
                s++;
        if (*s != '.')
            return s;
        s++;
    }
}

/* :copyfrom reads its table and columns from `INSERT INTO t (a, b) VALUES
 * ($1, $2)`: that form exactly, one parameter per column in order (COPY
 * sends the rows, not the statement). */
static int parse_copyfrom(parser *p, query *q)
{
    const char *s = expect_word(q->sql, "insert");
    if (s)
        s = expect_word(s, "into");
    const char *table = s, *end = s ? identifier_end(s) : NULL;
    if (!s || end == table)
        goto bad;
    q->copy_table = arena_strndup(p->a, table, (size_t)(end - table));
    s = skip_blanks(end);
    if (*s++ != '(')
        goto bad;
    q->copy_columns = arena_alloc(p->a, (q->nparams + 1) * sizeof *q->copy_columns);
    for (size_t i = 0;; i++) {
        s = skip_blanks(s);
        end = identifier_end(s);
        if (end == s || i >= q->nparams)
            goto bad;
        q->copy_columns[i] = arena_strndup(p->a, s, (size_t)(end - s));
        s = skip_blanks(end);
        if (*s == ')' && i + 1 == q->nparams)
            break;
        if (*s++ != ',')
            goto bad;
    }
    s = expect_word(s + 1, "values");
    if (!s || *s++ != '(')
        goto bad;
    for (size_t i = 0; i < q->nparams; i++) {
        s = skip_blanks(s);
        char *after;
        if (*s != '$' || strtoul(s + 1, &after, 10) != i + 1)
            goto bad;
        s = skip_blanks(after);
        if (*s++ != (i + 1 == q->nparams ? ')' : ','))
            goto bad;
    }
    if (*skip_blanks(s) == '\0')
        return 0;
bad:
    return diag_error(p->d, q->pos,
                      "write it as INSERT INTO table (a, b) VALUES (@a, @b): a parameter per "
                      "column, nothing else",
                      "query `%s` is :copyfrom but not a plain INSERT ... VALUES", q->name);
}

static int finish_query(parser *p, query_set *set, size_t start, size_t end)
{
    query *q = p->q;
    /* Trailing blanks and semicolon. */
    while (end > start && (isspace((unsigned char)p->text[end - 1]) || p->text[end - 1] == ';'))
        end--;
    while (start < end && isspace((unsigned char)p->text[start]))
        start++;
    if (start == end)
        return diag_error(p->d, q->pos, "write the statement below the `-- name:` line",
                          "query `%s` has no SQL", q->name);
    p->sql = (buf)BUF_INIT;
    p->positional = 0;
    p->named = false;
    int err = scan_sql(p, start, end);
    q->sql = arena_strdup(p->a, buf_cstr(&p->sql));
    buf_free(&p->sql);
    if (err < 0)
        return err;
    if (p->named && p->positional)
        return diag_error(p->d, q->pos, "use either $N or named parameters in one query",
                          "query `%s` mixes $N and named parameters", q->name);
    for (int i = 1; i <= p->positional; i++)
        named_param(p, arena_printf(p->a, "p%d", i), strlen(arena_printf(p->a, "p%d", i)),
                    false, start);
    q->select_star = selects_star(q->sql);
    if (q->kind == QUERY_COPYFROM && parse_copyfrom(p, q) < 0)
        return -1;
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->items[i]->name, q->name)) {
            diag_error(p->d, q->pos, "give each query its own name", "query `%s` is defined twice",
                       q->name);
            return diag_note(p->d, set->items[i]->pos, "first defined here"), -1;
        }
    set->items = arena_grow(p->a, set->items, sizeof *set->items, &set->cap, set->n + 1);
    set->items[set->n++] = q;
    return 0;
}

static bool valid_name(const char *s, size_t n)
{
    if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return false;
    return true;
}

int query_parse(query_set *set, arena *a, const char *file, const char *text, diag *d)
{
    static const char *const kinds[] = {"one", "many", "exec", "execrows", "copyfrom"};
    parser p = {.a = a, .d = d, .file = file, .text = text};
    size_t body = 0; /* where the current query's SQL starts */
    bool in_header = false;
    for (const char *line = text; *line;) {
        const char *end = line_end(line);
        const char *s;
        if ((s = annotation(line, "name"))) {
            if (p.q && finish_query(&p, set, body, (size_t)(line - text)) < 0)
                return -1;
            const char *n = s;
            while (n < end && (isalnum((unsigned char)*n) || *n == '_'))
                n++;
            const char *k = skip_spaces(n);
            const char *ke = k;
            while (ke < end && !isspace((unsigned char)*ke))
                ke++;
            src_pos pos = position_in(file, text, (size_t)(line - text));
            pos.col = (int)(s - line) + 1;
            if (!valid_name(s, (size_t)(n - s)))
                return diag_error(d, pos, "a query name is a C identifier: letters, digits, _",
                                  "bad query name");
            size_t kind = COUNT(kinds);
            if (*k == ':')
                for (kind = 0; kind < COUNT(kinds); kind++)
                    if ((size_t)(ke - k - 1) == strlen(kinds[kind]) &&
                        !strncmp(k + 1, kinds[kind], (size_t)(ke - k - 1)))
                        break;
            if (kind == COUNT(kinds)) {
                pos.col = (int)(k - line) + 1;
                return diag_error(d, pos, "one of :one, :many, :exec, :execrows, :copyfrom",
                                  "query `%.*s`: missing or unknown kind", (int)(n - s), s);
            }
            if (*skip_spaces(ke) && *skip_spaces(ke) != '\n' && *skip_spaces(ke) != '\r') {
                pos.col = (int)(skip_spaces(ke) - line) + 1;
                return diag_error(d, pos, "write `-- name: NAME :kind` alone on the line",
                                  "unexpected text after the query kind");
            }
            p.q = arena_alloc(a, sizeof *p.q);
            memset(p.q, 0, sizeof *p.q);
            p.q->name = arena_strndup(a, s, (size_t)(n - s));
            p.q->kind = (query_kind)kind;
            p.q->file = file;
            p.q->pos = pos;
            p.q->text = text;
            p.cap_spans = p.cap_params = p.cap_overrides = 0;
            in_header = true;
            body = (size_t)(end - text);
        } else if (in_header && (s = annotation(line, "nullable"))) {
            parse_overrides(&p, s, end, true);
            body = (size_t)(end - text);
        } else if (in_header && (s = annotation(line, "not null"))) {
            parse_overrides(&p, s, end, false);
            body = (size_t)(end - text);
        } else if (*skip_spaces(line) != '\n' && *skip_spaces(line) != '\0') {
            if (!p.q && strncmp(skip_spaces(line), "--", 2)) {
                src_pos pos = position_in(file, text, (size_t)(line - text));
                return diag_error(d, pos, "start each query with `-- name: NAME :kind`",
                                  "SQL before the first `-- name:` line");
            }
            /* Other comments (notes on the query) keep the header open. */
            if (strncmp(skip_spaces(line), "--", 2))
                in_header = false;
        }
        line = *end ? end + 1 : end;
    }
    if (p.q && finish_query(&p, set, body, strlen(text)) < 0)
        return -1;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int query_load_dir(query_set *set, arena *a, const char *dir, diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return diag_error(d, (src_pos){dir, 0, 0}, "give the directory of the .sql files",
                          "cannot read the queries directory: %s", strerror(errno));
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (n > 4 && !strcmp(e->d_name + n - 4, ".sql") && e->d_name[0] != '.') {
            set->files = arena_grow(a, set->files, sizeof *set->files, &cap, set->nfiles + 1);
            set->files[set->nfiles++] = arena_printf(a, "%s/%s", dir, e->d_name);
        }
    }
    closedir(dh);
    if (set->nfiles) /* qsort of NULL is undefined, even of 0 elements */
        qsort(set->files, set->nfiles, sizeof *set->files, compare_names);
    int err = 0;
    for (size_t i = 0; i < set->nfiles && !err; i++) {
        size_t len;
        char *text = load_read_file(set->files[i], &len);
        if (!text) {
            err = load_read_failed(d, set->files[i], errno);
            break;
        }
        char *copy = arena_strndup(a, text, len);
        diag_take_source(d, set->files[i], text, len);
        err = query_parse(set, a, set->files[i], copy, d);
    }
    return err;
}
