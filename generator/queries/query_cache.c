/* query_cache: see query_cache.h. One line per fact, fields separated by
 * tabs (type and column names may hold spaces):
 *   query NAME KIND
 *   param NAME TYPE FLAGS
 *   column NAME TYPE FLAGS SOURCE
 * FLAGS is "-" or a comma-separated set of enum, array, nullable. */
#include "query_cache.h"

#include <stdio.h>
#include <string.h>

#include "sha256.h"

static const char header[] =
    "# schemac query descriptions: written by `schemac generate` from a server, read when\n"
    "# there is none. Commit it; do not edit.\n";

void query_cache_key(const query_set *set, const char *create_sql, char out[65])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, "schemac-queries 1\n", 18);
    sha256_update(&c, create_sql, strlen(create_sql) + 1);
    for (size_t i = 0; i < set->n; i++) {
        const query *q = set->items[i];
        sha256_update(&c, q->name, strlen(q->name) + 1);
        sha256_update(&c, q->sql, strlen(q->sql) + 1);
        for (size_t o = 0; o < q->noverrides; o++) {
            sha256_update(&c, q->overrides[o].column, strlen(q->overrides[o].column) + 1);
            sha256_update(&c, q->overrides[o].nullable ? "n" : "-", 1);
        }
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_final(&c, digest);
    sha256_to_hex(digest, out);
}

static void put_flags(buf *b, const query_type *t, bool nullable)
{
    size_t start = b->len;
    if (t->is_enum)
        buf_puts(b, ",enum");
    if (t->array)
        buf_puts(b, ",array");
    if (nullable)
        buf_puts(b, ",nullable");
    if (b->len == start)
        buf_puts(b, "\t-");
    else
        b->data[start] = '\t';
}

void query_cache_format(const query_set *set, const char *key, buf *out)
{
    buf_puts(out, header);
    buf_printf(out, "schemac-queries\t1\nkey\t%s\n", key);
    for (size_t i = 0; i < set->n; i++) {
        const query *q = set->items[i];
        buf_printf(out, "query\t%s\t%s\n", q->name, query_kind_name(q->kind));
        for (size_t p = 0; p < q->nparams; p++) {
            buf_printf(out, "param\t%s\t%s", q->params[p].name, q->params[p].type.name);
            put_flags(out, &q->params[p].type, q->params[p].nullable);
            buf_putc(out, '\n');
        }
        for (size_t c = 0; c < q->ncolumns; c++) {
            const query_column *col = &q->columns[c];
            buf_printf(out, "column\t%s\t%s", col->name, col->type.name);
            put_flags(out, &col->type, col->nullable);
            buf_printf(out, "\t%s\n", col->source ? col->source : "-");
        }
    }
}

/* Splits line[0, len) at tabs into at most max fields. */
static size_t split(arena *a, const char *line, size_t len, const char **fields, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; n < max;) {
        size_t j = i;
        while (j < len && line[j] != '\t')
            j++;
        fields[n++] = arena_strndup(a, line + i, j - i);
        if (j >= len)
            break;
        i = j + 1;
    }
    return n;
}

static void read_flags(const char *flags, query_type *t, bool *nullable)
{
    t->is_enum = strstr(flags, "enum") != NULL;
    t->array = strstr(flags, "array") != NULL;
    *nullable = strstr(flags, "nullable") != NULL;
}

int query_cache_apply(query_set *set, arena *a, const char *path, const char *text,
                      const char *key, diag *d)
{
    query *q = NULL;
    size_t np = 0, nc = 0, cap_columns = 0;
    int line_no = 0;
    bool keyed = false;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        line_no++;
        const char *f[6] = {0};
        size_t n = line[0] == '#' || len == 0 ? 0 : split(a, line, len, f, 6);
        src_pos pos = {path, line_no, 1};
        if (n == 0) {
        } else if (!strcmp(f[0], "schemac-queries")) {
            if (n != 2 || strcmp(f[1], "1"))
                return diag_error(d, pos, "regenerate it with a server", "unknown cache format");
        } else if (!strcmp(f[0], "key") && n == 2) {
            if (strcmp(f[1], key))
                return 0;
            keyed = true;
        } else if (!keyed) {
            return diag_error(d, pos, "regenerate it with a server", "cache without a key");
        } else if (!strcmp(f[0], "query") && n == 3) {
            if (q && (np != q->nparams || nc != q->ncolumns))
                return 0;
            q = NULL;
            for (size_t i = 0; i < set->n && !q; i++)
                if (!strcmp(set->items[i]->name, f[1]))
                    q = set->items[i];
            if (!q)
                return 0;
            np = nc = cap_columns = 0;
            q->columns = NULL;
        } else if (q && !strcmp(f[0], "param") && n == 4 && np < q->nparams) {
            query_param *p = &q->params[np++];
            bool nullable;
            p->type.name = f[2];
            read_flags(f[3], &p->type, &nullable);
        } else if (q && !strcmp(f[0], "column") && n == 5) {
            q->columns = arena_grow(a, q->columns, sizeof *q->columns, &cap_columns, nc + 1);
            query_column *c = &q->columns[nc++];
            memset(c, 0, sizeof *c);
            c->name = f[1];
            c->type.name = f[2];
            read_flags(f[3], &c->type, &c->nullable);
            c->source = strcmp(f[4], "-") ? f[4] : NULL;
            q->ncolumns = nc;
        } else {
            return diag_error(d, pos, "regenerate it with a server", "malformed cache line");
        }
        line = end ? end + 1 : line + len;
    }
    if (!keyed || (q && np != q->nparams))
        return 0;
    return 1;
}
