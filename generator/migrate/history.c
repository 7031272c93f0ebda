/* history: loading and checking a migrations directory; see history.h. */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "load.h"
#include "sha256.h"
#include "validate.h"

static const char sum_header[] =
    "# schemac.sum: the checksum of every revision file, written by `schemac migrate new`\n"
    "# and `schemac migrate hash`. Do not edit; the total line makes concurrent additions\n"
    "# conflict in version control.\n";

const char *history_path(const history *h, const char *name)
{
    arena *a = (arena *)&h->arena;
    size_t n = strlen(h->dir);
    if (n && h->dir[n - 1] == '/')
        return arena_printf(a, "%s%s", h->dir, name);
    return arena_printf(a, "%s/%s", h->dir, name);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.sql files of dir, sorted; NULL (no error) when dir is missing and
 * that is allowed. */
static int list_revision_files(const char *dir, unsigned flags, char ***out, size_t *n, diag *d)
{
    *out = NULL;
    *n = 0;
    DIR *dh = opendir(dir);
    if (!dh) {
        if (errno == ENOENT && (flags & HISTORY_MISSING_OK))
            return 0;
        return diag_error(d, (src_pos){dir, 0, 0},
                          errno == ENOENT ? "create revisions with `schemac migrate new`, or "
                                            "name the directory with --dir"
                                          : NULL,
                          "cannot open migrations directory: %s", strerror(errno));
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(*out, cap * sizeof **out);
            if (!grown)
                abort();
            *out = grown;
        }
        (*out)[*n] = malloc(len + 1);
        if (!(*out)[*n])
            abort();
        memcpy((*out)[(*n)++], e->d_name, len + 1);
    }
    closedir(dh);
    if (*n)
        qsort(*out, *n, sizeof **out, compare_strings);
    return 0;
}

/* ---------------------------------------------------------------------------
 * Chaining.
 */

typedef struct node {
    revision *rev;
    struct node **children;
    size_t nchildren, cap;
    bool in_chain;
} node;

/* The end of the line that starts at n, following only children (the first
 * where there are several). */
static const revision *line_head(node *n)
{
    size_t guard = 0;
    while (n->nchildren && guard++ < 100000)
        n = n->children[0];
    return n->rev;
}

static int chain(history *h, revision **revs, size_t nrevs, diag *d)
{
    size_t errors = d->errors;
    arena *a = &h->arena;
    node *nodes = arena_alloc(a, (nrevs ? nrevs : 1) * sizeof *nodes);
    strmap by_id;
    strmap_init(&by_id, a);
    for (size_t i = 0; i < nrevs; i++) {
        nodes[i].rev = revs[i];
        strmap_put(&by_id, revs[i]->id, &nodes[i]);
    }
    node *root = NULL;
    for (size_t i = 0; i < nrevs; i++) {
        revision *r = revs[i];
        if (!r->parent) {
            if (!root) {
                root = &nodes[i];
                continue;
            }
            /* Files are in id order, so the later one is the newer. */
            buf hint = BUF_INIT;
            buf_printf(&hint,
                       "delete the newer one (%s.sql) and re-create it with `schemac migrate new`, "
                       "or set its parent to %s, the head of the other line",
                       r->id, line_head(root)->id);
            diag_error(d, r->parent_pos, buf_cstr(&hint),
                       "two first revisions: %s.sql and %s.sql both have `-- parent: none`",
                       root->rev->id, r->id);
            buf_free(&hint);
            continue;
        }
        node *parent = strmap_get(&by_id, r->parent);
        if (!parent) {
            buf hint = BUF_INIT;
            buf_printf(&hint, "restore %s.sql (from version control), or set the parent to an "
                              "existing revision",
                       r->parent);
            diag_error(d, r->parent_pos, buf_cstr(&hint),
                       "parent revision %s does not exist in %s", r->parent, h->dir);
            buf_free(&hint);
            continue;
        }
        parent->children = arena_grow(a, parent->children, sizeof *parent->children,
                                      &parent->cap, parent->nchildren + 1);
        parent->children[parent->nchildren++] = &nodes[i];
    }
    for (size_t i = 0; i < nrevs; i++) {
        node *p = &nodes[i];
        for (size_t k = 1; k < p->nchildren; k++) {
            const revision *older = p->children[0]->rev, *newer = p->children[k]->rev;
            buf hint = BUF_INIT;
            buf_printf(&hint,
                       "re-create the newer one with `schemac migrate new` after deleting it, or "
                       "set its parent to %s",
                       line_head(p->children[0])->id);
            diag_error(d, newer->parent_pos, buf_cstr(&hint),
                       "branch: %s.sql and %s.sql both follow %s", older->id, newer->id,
                       p->rev->id);
            diag_note(d, older->parent_pos, "%s also follows %s", older->id, p->rev->id);
            buf_free(&hint);
        }
    }
    if (d->errors > errors)
        return -1;

    h->revs = arena_alloc(a, (nrevs ? nrevs : 1) * sizeof *h->revs);
    for (node *n = root; n; n = n->nchildren ? n->children[0] : NULL) {
        n->in_chain = true;
        h->revs[h->n++] = n->rev;
    }
    if (h->n == nrevs)
        return 0;
    /* Every revision has an existing parent and at most one child, yet some
     * are not reached from the first: they form cycles. */
    for (size_t i = 0; i < nrevs; i++) {
        if (nodes[i].in_chain)
            continue;
        buf cycle = BUF_INIT;
        node *n = &nodes[i];
        do {
            n->in_chain = true;
            buf_printf(&cycle, "%s -> ", n->rev->id);
            n = strmap_get(&by_id, n->rev->parent);
        } while (!n->in_chain);
        buf_puts(&cycle, n->rev->id);
        diag_error(d, nodes[i].rev->parent_pos,
                   "each revision's parent must come before it; set the parent of the "
                   "first revision of the cycle to the head of the history",
                   "revisions form a cycle: %s", buf_cstr(&cycle));
        buf_free(&cycle);
    }
    return -1;
}

/* ---------------------------------------------------------------------------
 * schemac.sum
 */

typedef struct sum_line {
    const char *id;
    char checksum[SHA256_HEX_SIZE];
    int line;
    bool seen;
} sum_line;

static bool is_hex64(const char *s, size_t n)
{
    if (n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static void append_sum_line(buf *lines, const char *id, const char *checksum)
{
    buf_printf(lines, "%s %s\n", id, checksum);
}

static int verify_sum(history *h, revision **revs, size_t nrevs, diag *d)
{
    const char *path = history_path(h, HISTORY_SUM_FILE);
    const char *hash_hint = arena_printf(&h->arena, "run `schemac migrate hash --dir %s`", h->dir);
    size_t len;
    char *text = load_read_file(path, &len);
    if (!text) {
        if (errno != ENOENT)
            return load_read_failed(d, path, errno);
        if (nrevs == 0)
            return 0;
        return diag_error(d, (src_pos){path, 0, 0},
                          arena_printf(&h->arena,
                                       "it is written by `schemac migrate new`; after checking "
                                       "the revisions, %s to create it",
                                       hash_hint),
                          "missing integrity file");
    }
    diag_add_source(d, path, text, len);
    size_t errors = d->errors;
    strmap lines_by_id;
    strmap_init(&lines_by_id, &h->arena);
    sum_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    buf hashed = BUF_INIT;
    bool have_total = false;
    char total[SHA256_HEX_SIZE] = "";
    int total_line = 0, lineno = 0;
    const char *malformed_hint =
        arena_printf(&h->arena,
                     "lines are `REVISION_ID SHA256` and a final `total SHA256`; %s to rewrite "
                     "the file",
                     hash_hint);
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        const char *end = nl ? nl : text + len;
        lineno++;
        const char *e = end;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        const char *sp = memchr(p, ' ', (size_t)(e - p));
        if (e == p || *p == '#') {
            /* blank or comment */
        } else if (have_total) {
            diag_error(d, (src_pos){path, lineno, 1}, malformed_hint,
                       "line after the total line");
        } else if (!sp || !is_hex64(sp + 1, (size_t)(e - sp - 1))) {
            diag_error(d, (src_pos){path, lineno, 1}, malformed_hint, "malformed line");
        } else if (sp - p == 5 && !memcmp(p, "total", 5)) {
            have_total = true;
            total_line = lineno;
            memcpy(total, sp + 1, 64);
            total[64] = '\0';
        } else {
            const char *id = arena_strndup(&h->arena, p, (size_t)(sp - p));
            if (!revision_id_valid(id)) {
                diag_error(d, (src_pos){path, lineno, 1}, malformed_hint,
                           "`%s` is not a revision id", id);
            } else if (strmap_get(&lines_by_id, id)) {
                diag_error(d, (src_pos){path, lineno, 1}, malformed_hint,
                           "revision %s is listed twice", id);
            } else {
                if (nlines == cap) {
                    cap = cap ? cap * 2 : 16;
                    lines = realloc(lines, cap * sizeof *lines);
                    if (!lines)
                        abort();
                }
                sum_line *l = &lines[nlines++];
                l->id = id;
                memcpy(l->checksum, sp + 1, 64);
                l->checksum[64] = '\0';
                l->line = lineno;
                l->seen = false;
                append_sum_line(&hashed, id, l->checksum);
                strmap_put(&lines_by_id, id, (void *)(uintptr_t)nlines);
            }
        }
        p = nl ? nl + 1 : text + len;
    }
    if (!have_total && d->errors == errors)
        diag_error(d, (src_pos){path, lineno + 1, 1}, malformed_hint, "missing total line");
    if (d->errors > errors)
        goto done;
    char want_total[SHA256_HEX_SIZE];
    sha256_hex(hashed.data ? hashed.data : "", hashed.len, want_total);
    if (strcmp(want_total, total) != 0)
        diag_error(d, (src_pos){path, total_line, 1},
                   arena_printf(&h->arena,
                                "check the revisions (`schemac migrate status`), then %s to "
                                "rewrite it",
                                hash_hint),
                   "the total does not match the lines above it (the file was edited or "
                   "merged by hand)");

    for (size_t i = 0; i < nrevs; i++) {
        const revision *r = revs[i];
        uintptr_t k = (uintptr_t)strmap_get(&lines_by_id, r->id);
        if (!k) {
            diag_error(d, (src_pos){r->path, 0, 0},
                       arena_printf(&h->arena,
                                    "revisions are recorded by `schemac migrate new`; if this "
                                    "file was written by hand on purpose (or `migrate new` was "
                                    "interrupted), %s; otherwise delete it",
                                    hash_hint),
                       "revision %s is not recorded in %s", r->id, HISTORY_SUM_FILE);
            continue;
        }
        sum_line *l = &lines[k - 1];
        l->seen = true;
        if (strcmp(l->checksum, r->checksum) != 0)
            diag_error(d, (src_pos){r->path, 0, 0},
                       arena_printf(&h->arena,
                                    "revert the edit (for instance `git checkout -- %s`); if "
                                    "the edit is deliberate, %s. A revision already applied to a "
                                    "database must not change: write a new one instead",
                                    r->path, hash_hint),
                       "revision file was edited after it was created: its checksum is %.12s..., "
                       "%s records %.12s...",
                       r->checksum, HISTORY_SUM_FILE, l->checksum);
    }
    for (size_t i = 0; i < nlines; i++)
        if (!lines[i].seen)
            diag_error(d, (src_pos){path, lines[i].line, 1},
                       arena_printf(&h->arena,
                                    "restore the file (from version control); if it was deleted "
                                    "on purpose and never applied anywhere, %s",
                                    hash_hint),
                       "%s lists revision %s but %s.sql does not exist", HISTORY_SUM_FILE,
                       lines[i].id, lines[i].id);
done:
    free(lines);
    buf_free(&hashed);
    free(text);
    return d->errors > errors ? -1 : 0;
}

static int compare_revisions(const void *a, const void *b)
{
    return strcmp((*(const revision *const *)a)->id, (*(const revision *const *)b)->id);
}

void history_format_sum(const history *h, const revision *extra, buf *out)
{
    const revision **all = malloc((h->n + 1) * sizeof *all);
    if (!all)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++)
        all[n++] = h->revs[i];
    if (extra)
        all[n++] = extra;
    qsort(all, n, sizeof *all, compare_revisions);
    buf lines = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        append_sum_line(&lines, all[i]->id, all[i]->checksum);
    free(all);
    char total[SHA256_HEX_SIZE];
    sha256_hex(lines.data ? lines.data : "", lines.len, total);
    buf_puts(out, sum_header);
    buf_add(out, lines.data ? lines.data : "", lines.len);
    buf_printf(out, "total %s\n", total);
    buf_free(&lines);
}

/* ---------------------------------------------------------------------------
 * Loading.
 */

int history_load(history *h, const char *dir, unsigned flags, diag *d)
{
    memset(h, 0, sizeof *h);
    h->dir = arena_strdup(&h->arena, dir);
    strmap_init(&h->by_id, &h->arena);
    size_t errors = d->errors;
    char **names;
    size_t nnames;
    if (list_revision_files(dir, flags, &names, &nnames, d) < 0)
        return -1;
    revision **revs = arena_alloc(&h->arena, (nnames ? nnames : 1) * sizeof *revs);
    size_t nrevs = 0;
    for (size_t i = 0; i < nnames; i++) {
        const char *path = history_path(h, names[i]);
        size_t len;
        char *text = load_read_file(path, &len);
        if (!text) {
            load_read_failed(d, path, errno);
            continue;
        }
        revision *r = arena_alloc(&h->arena, sizeof *r);
        if (revision_parse(&h->arena, path, text, len, r, d) == 0)
            revs[nrevs++] = r;
        free(text);
    }
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (d->errors > errors)
        return -1;
    int err = 0;
    if (flags & HISTORY_NO_CHAIN) {
        h->revs = revs;
        h->n = nrevs;
    } else {
        err = chain(h, revs, nrevs, d);
    }
    if ((flags & HISTORY_VERIFY_SUM) && verify_sum(h, revs, nrevs, d) < 0)
        err = -1;
    if (err < 0)
        return -1;
    for (size_t i = 0; i < h->n; i++)
        strmap_put(&h->by_id, h->revs[i]->id, h->revs[i]);
    return 0;
}

void history_free(history *h)
{
    arena a = h->arena;
    arena_free(&a);
    memset(h, 0, sizeof *h);
}

const revision *history_find(const history *h, const char *id)
{
    return h->by_id.arena ? strmap_get(&h->by_id, id) : NULL;
}

long history_index(const history *h, const char *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (!strcmp(h->revs[i]->id, id))
            return (long)i;
    return -1;
}

const revision *history_head(const history *h) { return h->n ? h->revs[h->n - 1] : NULL; }

/* ---------------------------------------------------------------------------
 * The snapshot.
 */

static const char snapshot_prefix[] = "# schemac snapshot at revision ";

void history_format_snapshot(const ir_schema *s, const char *head_id, buf *out)
{
    buf_printf(out,
               "%s%s\n"
               "# The schema after that revision, written by `schemac migrate new` for the next\n"
               "# one to diff against. Do not edit.\n",
               snapshot_prefix, head_id);
    emit_schema(s, NULL, out);
}

ir_schema *history_load_snapshot(const history *h, int *err, diag *d)
{
    const char *path = history_path(h, HISTORY_SNAPSHOT_FILE);
    const revision *head = history_head(h);
    *err = -1;
    size_t len;
    char *text = load_read_file(path, &len);
    if (!text) {
        if (errno == ENOENT && !head) {
            *err = 0;
            return NULL;
        }
        if (errno == ENOENT)
            diag_error(d, (src_pos){path, 0, 0},
                       "`schemac migrate new` writes it beside every revision; restore it from "
                       "version control",
                       "missing snapshot of the schema at revision %s", head->id);
        else
            load_read_failed(d, path, errno);
        return NULL;
    }
    diag_add_source(d, path, text, len);
    ir_schema *s = NULL;
    size_t plen = sizeof snapshot_prefix - 1;
    const char *nl = memchr(text, '\n', len);
    size_t line_len = nl ? (size_t)(nl - text) : len;
    if (line_len < plen || memcmp(text, snapshot_prefix, plen) != 0) {
        diag_error(d, (src_pos){path, 1, 1},
                   "the snapshot is written by `schemac migrate new`; restore it from version "
                   "control",
                   "not a schemac snapshot: the first line must be `%sID`", snapshot_prefix);
        goto done;
    }
    const char *at = arena_strndup((arena *)&h->arena, text + plen, line_len - plen);
    if (!head || strcmp(at, head->id) != 0) {
        const char *hint =
            head ? arena_printf((arena *)&h->arena,
                                "the snapshot must be the one `migrate new` wrote with %s; "
                                "restore it from version control (when resolving a merge, "
                                "take the side that has the head revision)",
                                head->id)
                 : "there are no revisions: delete the snapshot";
        diag_error(d, (src_pos){path, 1, (int)plen + 1}, hint,
                   "the snapshot is at revision %s but the head revision is %s", at,
                   head ? head->id : "none");
        goto done;
    }
    /* load_text reports some errors and still returns the schema. */
    size_t errors = d->errors;
    s = load_text(NULL, path, text, len, d);
    if (!s) {
        diag_error(d, (src_pos){path, 0, 0}, NULL, "the snapshot names no schema");
        goto done;
    }
    if (validate_schema_sql(s, d) < 0 || d->errors > errors) {
        ir_schema_free(s);
        s = NULL;
        goto done;
    }
    *err = 0;
done:
    free(text);
    return s;
}
