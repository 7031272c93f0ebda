/* mustache: compiler (template text -> flat node array with standalone
 * lines already removed) and renderer (node array x tree -> text); see
 * mustache.h. Partial indentation is applied to template lines, never to
 * interpolated values, through INDENT nodes at every line start. */
#include "mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum node_kind {
    NODE_TEXT,     /* literal text, at most one line */
    NODE_INDENT,   /* a template line starts: write the partial's indentation */
    NODE_ESCAPED,  /* {{x}} */
    NODE_RAW,      /* {{{x}}} and {{&x}} */
    NODE_SECTION,  /* {{#x}}: children are the nodes up to `end` */
    NODE_INVERTED, /* {{^x}} */
    NODE_PARTIAL,  /* {{>x}} */
} node_kind;

typedef struct name_part {
    const char *s;
    size_t len;
} name_part;

typedef struct node {
    node_kind kind;
    bool standalone; /* partial: its line was standalone, so it is indented */
    size_t offset;   /* of the tag in the source, for diagnostics */
    const char *text; /* text: the literal; tags: the name as written */
    size_t len;
    name_part *parts; /* the name split on dots; none for "." */
    size_t nparts;
    size_t end;          /* section: index after its last child */
    const char *indent;  /* standalone partial: whitespace before the tag */
    size_t indent_len;
} node;

struct mustache_template {
    const char *name;
    const char *src;
    size_t len;
    node *nodes;
    size_t count, cap;
};

const char *mustache_name(const mustache_template *t) { return t->name; }

/* 1-based line and column of a source offset; only used for diagnostics. */
static src_pos pos_at(const mustache_template *t, size_t offset)
{
    src_pos p = {t->name, 1, 1};
    for (size_t i = 0; i < offset && i < t->len; i++) {
        if (t->src[i] == '\n') {
            p.line++;
            p.col = 1;
        } else {
            p.col++;
        }
    }
    return p;
}

/* ---- compiler ---- */

typedef struct compiler {
    arena *a;
    diag *d;
    mustache_template *t;
    const char *src;
    size_t len;
    /* Current delimiters, and the closers of {{{x}}} and {{=a b=}}. */
    const char *open, *close, *triple_close, *delim_close;
    size_t open_len, close_len, triple_close_len, delim_close_len;
    size_t text_start; /* source not yet turned into nodes starts here */
    bool at_bol;       /* the next node starts a template line */
    size_t *sections;  /* indices of open section nodes */
    size_t nsections, sections_cap;
} compiler;

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Offset of the first `needle` at or after `from`, or SIZE_MAX. Delimiters
 * are short (MUSTACHE_MAX_DELIMITER), so memchr + memcmp stays linear. */
static size_t search(const compiler *c, size_t from, const char *needle, size_t n)
{
    const char *p = c->src + from, *end = c->src + c->len;
    while ((size_t)(end - p) >= n) {
        p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
        if (!p)
            break;
        if (memcmp(p, needle, n) == 0)
            return (size_t)(p - c->src);
        p++;
    }
    return SIZE_MAX;
}

static node *add_node(compiler *c, node_kind kind, size_t offset)
{
    mustache_template *t = c->t;
    t->nodes = arena_grow(c->a, t->nodes, sizeof *t->nodes, &t->cap, t->count + 1);
    node *n = &t->nodes[t->count++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->offset = offset;
    return n;
}

static void mark_line_start(compiler *c, size_t offset)
{
    if (c->at_bol) {
        add_node(c, NODE_INDENT, offset);
        c->at_bol = false;
    }
}

/* Source [from, to) as text nodes of one line each, each line start marked. */
static void add_text(compiler *c, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(c->src + from, '\n', to - from);
        size_t end = nl ? (size_t)(nl - c->src) + 1 : to;
        mark_line_start(c, from);
        node *n = add_node(c, NODE_TEXT, from);
        n->text = c->src + from;
        n->len = end - from;
        c->at_bol = nl != NULL;
        from = end;
    }
}

/* Splits a tag name on dots into c's arena; "." has no parts. Names are
 * non-whitespace and have no empty parts ("a..b", ".a", "a."). */
static int parse_name(compiler *c, node *n, size_t tag_start, const char *s, size_t len)
{
    n->text = s;
    n->len = len;
    if (len == 0)
        return diag_error(c->d, pos_at(c->t, tag_start), "put a name between the delimiters",
                          "empty tag");
    for (size_t i = 0; i < len; i++)
        if (is_space(s[i]))
            return diag_error(c->d, pos_at(c->t, tag_start), "a name has no spaces",
                              "bad tag name `%.*s`", (int)len, s);
    if (len == 1 && s[0] == '.')
        return 0;
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += s[i] == '.';
    n->parts = arena_alloc(c->a, count * sizeof *n->parts);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        if (i == start)
            return diag_error(c->d, pos_at(c->t, tag_start),
                              "write `a.b`, or `.` for the current item",
                              "bad dotted name `%.*s`", (int)len, s);
        n->parts[n->nparts++] = (name_part){s + start, i - start};
        start = i + 1;
    }
    return 0;
}

static void set_delimiters(compiler *c, const char *open, size_t open_len, const char *close,
                           size_t close_len)
{
    c->open = open;
    c->open_len = open_len;
    c->close = close;
    c->close_len = close_len;
    char *triple = arena_alloc(c->a, close_len + 2), *delim = arena_alloc(c->a, close_len + 2);
    triple[0] = '}';
    delim[0] = '=';
    memcpy(triple + 1, close, close_len);
    memcpy(delim + 1, close, close_len);
    c->triple_close = triple;
    c->delim_close = delim;
    c->triple_close_len = c->delim_close_len = close_len + 1;
}

/* {{=<% %>=}}: exactly two whitespace-separated delimiters. */
static int change_delimiters(compiler *c, size_t tag_start, const char *s, size_t len)
{
    const char *tok[3];
    size_t tok_len[3], ntok = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && is_space(s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        if (ntok == 3)
            break;
        tok[ntok] = s + start;
        tok_len[ntok++] = i - start;
    }
    if (ntok == 2 && (tok_len[0] > MUSTACHE_MAX_DELIMITER || tok_len[1] > MUSTACHE_MAX_DELIMITER))
        return diag_error(c->d, pos_at(c->t, tag_start), NULL,
                          "a delimiter is longer than %d bytes", MUSTACHE_MAX_DELIMITER);
    if (ntok != 2)
        return diag_error(c->d, pos_at(c->t, tag_start),
                          "write two delimiters separated by a space, as in {{=<% %>=}}",
                          "bad set-delimiter tag `%.*s`", (int)len, s);
    set_delimiters(c, tok[0], tok_len[0], tok[1], tok_len[1]);
    return 0;
}

static int open_section(compiler *c, node_kind kind, size_t tag_start, const char *name,
                        size_t len, bool standalone)
{
    if (c->nsections >= MUSTACHE_MAX_NESTING) {
        diag_error(c->d, pos_at(c->t, tag_start), NULL,
                   "sections nest deeper than %d levels", MUSTACHE_MAX_NESTING);
        return -1;
    }
    if (!standalone)
        mark_line_start(c, tag_start);
    node *n = add_node(c, kind, tag_start);
    if (parse_name(c, n, tag_start, name, len) < 0)
        return -1;
    c->sections = arena_grow(c->a, c->sections, sizeof *c->sections, &c->sections_cap,
                             c->nsections + 1);
    c->sections[c->nsections++] = c->t->count - 1;
    return 0;
}

static int close_section(compiler *c, size_t tag_start, const char *name, size_t len,
                         bool standalone)
{
    if (!c->nsections)
        return diag_error(c->d, pos_at(c->t, tag_start),
                          "remove it, or open the section before it",
                          "`/%.*s` closes a section that is not open", (int)len, name);
    node *open = &c->t->nodes[c->sections[c->nsections - 1]];
    if (open->len != len || memcmp(open->text, name, len) != 0) {
        src_pos at = pos_at(c->t, tag_start);
        char hint[160];
        snprintf(hint, sizeof hint, "close `%.*s` before `%.*s`",
                 open->len > 60 ? 60 : (int)open->len, open->text, len > 60 ? 60 : (int)len, name);
        diag_error(c->d, pos_at(c->t, open->offset), hint,
                   "section `%.*s` is closed by `/%.*s` at line %d, column %d",
                   (int)open->len, open->text, (int)len, name, at.line, at.col);
        return -1;
    }
    /* A close tag that starts a line ends the section with that line's
     * indentation, as if the indentation were text inside the section.
     * That adds a node, which may move the array: `open` is stale after. */
    if (!standalone)
        mark_line_start(c, tag_start);
    c->t->nodes[c->sections[--c->nsections]].end = c->t->count;
    return 0;
}

static int add_partial(compiler *c, size_t tag_start, const char *name, size_t len,
                       bool standalone, size_t line_start)
{
    if (len == 0)
        return diag_error(c->d, pos_at(c->t, tag_start), "write {{>name}}",
                          "partial tag without a name");
    for (size_t i = 0; i < len; i++)
        if (is_space(name[i]))
            return diag_error(c->d, pos_at(c->t, tag_start), "a name has no spaces",
                              "bad partial name `%.*s`", (int)len, name);
    if (!standalone)
        mark_line_start(c, tag_start);
    node *n = add_node(c, NODE_PARTIAL, tag_start);
    n->text = arena_strndup(c->a, name, len); /* NUL-terminated for the lookup */
    n->len = len;
    n->standalone = standalone;
    if (standalone) {
        n->indent = c->src + line_start;
        n->indent_len = tag_start - line_start;
    }
    return 0;
}

/* One tag starting at `tag_start`; sets *next to where text resumes. */
static int compile_tag(compiler *c, size_t tag_start, size_t *next)
{
    size_t p = tag_start + c->open_len;
    char sigil = p < c->len ? c->src[p] : '\0';
    const char *closer = c->close;
    size_t closer_len = c->close_len;
    switch (sigil) {
    case '{':
        closer = c->triple_close;
        closer_len = c->triple_close_len;
        p++;
        break;
    case '=':
        closer = c->delim_close;
        closer_len = c->delim_close_len;
        p++;
        break;
    case '#': case '^': case '/': case '!': case '>': case '&':
        p++;
        break;
    case '$': case '<':
        return diag_error(c->d, pos_at(c->t, tag_start), "use partials ({{>name}}) instead",
                          "template inheritance tags (`$`, `<`) are not supported");
    default:
        sigil = '\0';
    }
    size_t close_at = search(c, p, closer, closer_len);
    if (close_at == SIZE_MAX) {
        char hint[80];
        snprintf(hint, sizeof hint, "add `%.*s` after the tag's content",
                 closer_len > 40 ? 40 : (int)closer_len, closer);
        diag_error(c->d, pos_at(c->t, tag_start), hint, "unclosed tag `%.*s`",
                   (int)(p - tag_start), c->src + tag_start);
        return -1;
    }
    size_t tag_end = close_at + closer_len;
    const char *body = c->src + p;
    size_t body_len = close_at - p;
    while (body_len && is_space(body[0]))
        body++, body_len--;
    while (body_len && is_space(body[body_len - 1]))
        body_len--;

    /* Standalone: alone on its line but for blanks; the whole line goes. */
    bool standalone = false;
    size_t line_start = tag_start, line_end = tag_end;
    if (sigil && strchr("#^/!>=", sigil)) {
        while (line_start > 0 && is_blank(c->src[line_start - 1]))
            line_start--;
        size_t after = tag_end;
        while (after < c->len && is_blank(c->src[after]))
            after++;
        bool ends_line = after == c->len || c->src[after] == '\n' ||
                         (c->src[after] == '\r' && after + 1 < c->len && c->src[after + 1] == '\n');
        standalone = (line_start == 0 || c->src[line_start - 1] == '\n') && ends_line;
        if (standalone)
            line_end = after == c->len ? after : after + (c->src[after] == '\r' ? 2 : 1);
    }
    add_text(c, c->text_start, standalone ? line_start : tag_start);
    *next = standalone ? line_end : tag_end;

    switch (sigil) {
    case '#':
        return open_section(c, NODE_SECTION, tag_start, body, body_len, standalone);
    case '^':
        return open_section(c, NODE_INVERTED, tag_start, body, body_len, standalone);
    case '/':
        return close_section(c, tag_start, body, body_len, standalone);
    case '>':
        return add_partial(c, tag_start, body, body_len, standalone, line_start);
    case '!':
        return 0;
    case '=':
        return change_delimiters(c, tag_start, body, body_len);
    default: {
        mark_line_start(c, tag_start);
        node *n = add_node(c, sigil ? NODE_RAW : NODE_ESCAPED, tag_start);
        return parse_name(c, n, tag_start, body, body_len);
    }
    }
}

mustache_template *mustache_compile(arena *a, const char *name, const char *text, size_t len,
                                    diag *d)
{
    mustache_template *t = arena_alloc(a, sizeof *t);
    t->name = arena_strdup(a, name);
    t->src = arena_strndup(a, text, len);
    t->len = len;
    compiler c = {.a = a, .d = d, .t = t, .src = t->src, .len = len, .at_bol = true};
    set_delimiters(&c, "{{", 2, "}}", 2);
    size_t pos = 0;
    size_t at;
    while (pos < len && (at = search(&c, pos, c.open, c.open_len)) != SIZE_MAX) {
        if (compile_tag(&c, at, &pos) < 0)
            return NULL;
        c.text_start = pos;
    }
    add_text(&c, c.text_start, len);
    if (c.nsections) {
        for (size_t i = c.nsections; i-- > 0;) {
            const node *n = &t->nodes[c.sections[i]];
            char hint[120];
            snprintf(hint, sizeof hint, "add `%.*s/%.*s%.*s`", (int)c.open_len, c.open,
                     n->len > 60 ? 60 : (int)n->len, n->text, (int)c.close_len, c.close);
            diag_error(d, pos_at(t, n->offset), hint, "section `%.*s` is not closed",
                       (int)n->len, n->text);
        }
        return NULL;
    }
    return t;
}

/* ---- partials ---- */

typedef struct partial_slot {
    const char *name; /* NULL: empty slot */
    uint64_t hash;
    mustache_template *template; /* NULL: looked up and not found */
} partial_slot;

struct mustache_partials {
    arena *a;
    mustache_find_fn find;
    void *ud;
    partial_slot *slots; /* open addressing, a power of two, at most half full */
    size_t cap, count;
};

mustache_partials *mustache_partials_new(arena *a, mustache_find_fn find, void *ud)
{
    mustache_partials *p = arena_alloc(a, sizeof *p);
    p->a = a;
    p->find = find;
    p->ud = ud;
    p->cap = 16;
    p->slots = arena_alloc(a, p->cap * sizeof *p->slots);
    return p;
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static partial_slot *partial_slot_for(mustache_partials *p, const char *name, uint64_t hash)
{
    size_t mask = p->cap - 1;
    size_t i = (size_t)hash & mask;
    while (p->slots[i].name && (p->slots[i].hash != hash || strcmp(p->slots[i].name, name)))
        i = (i + 1) & mask;
    return &p->slots[i];
}

static void partial_remember(mustache_partials *p, const char *name, uint64_t hash,
                             mustache_template *t)
{
    if ((p->count + 1) * 2 > p->cap) {
        partial_slot *old = p->slots;
        size_t old_cap = p->cap;
        p->cap *= 2;
        p->slots = arena_alloc(p->a, p->cap * sizeof *p->slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].name)
                *partial_slot_for(p, old[i].name, old[i].hash) = old[i];
    }
    partial_slot *s = partial_slot_for(p, name, hash);
    s->name = arena_strdup(p->a, name);
    s->hash = hash;
    s->template = t;
    p->count++;
}

/* The compiled partial `name` (NULL when it does not exist, after a
 * warning the first time), compiling it on first use. */
static int partial_get(mustache_partials *p, const mustache_template *from, const node *n,
                       diag *d, const mustache_template **out)
{
    uint64_t hash = hash_name(n->text);
    partial_slot *s = partial_slot_for(p, n->text, hash);
    *out = NULL;
    if (s->name) {
        *out = s->template;
        return 0;
    }
    size_t len = 0;
    const char *file = NULL;
    const char *text = p->find(p->ud, n->text, &len, &file);
    mustache_template *t = NULL;
    if (!text) {
        diag_warning(d, pos_at(from, n->offset), NULL,
                     "partial `%s` not found; it renders as nothing", n->text);
    } else if (!(t = mustache_compile(p->a, file ? file : n->text, text, len, d))) {
        return -1; /* not remembered: the next render reports it again */
    }
    partial_remember(p, n->text, hash, t);
    *out = t;
    return 0;
}

/* ---- renderer ---- */

/* Sections and partials nested in one render; with MUSTACHE_MAX_NESTING
 * per template this also bounds the C stack when max_partial_depth is
 * raised. */
#define RENDER_MAX_DEPTH 2048

/* The context stack lives on the C stack: one frame per entered section. */
typedef struct context_frame {
    const tree *value;
    const struct context_frame *up;
} context_frame;

typedef struct renderer {
    buf *out;
    mustache_escape escape;
    mustache_partials *partials;
    diag *d;
    unsigned partial_depth, max_partial_depth;
    size_t depth;
    size_t steps, max_steps;
    size_t out_start, max_output; /* out->len when the render began */
    const char *indent; /* of the partial being rendered */
    size_t indent_len;
} renderer;

/* First part: the nearest context map that has the key, even with a null
 * value. Further parts: inside that value only, so "a.b" never falls back
 * to an outer "b". NULL when any part is missing. */
static const tree *lookup(const node *n, const context_frame *ctx)
{
    if (n->nparts == 0)
        return ctx->value;
    const context_frame *f = ctx;
    size_t pos = TREE_NOT_FOUND;
    for (; f; f = f->up)
        if ((pos = tree_map_find(f->value, n->parts[0].s, n->parts[0].len)) != TREE_NOT_FOUND)
            break;
    if (!f)
        return NULL;
    const tree *v = tree_map_value(f->value, pos);
    for (size_t i = 1; i < n->nparts; i++) {
        pos = tree_map_find(v, n->parts[i].s, n->parts[i].len);
        if (pos == TREE_NOT_FOUND)
            return NULL;
        v = tree_map_value(v, pos);
    }
    return v;
}

static bool truthy(const tree *v)
{
    switch (tree_kind_of(v)) {
    case TREE_NULL: return false;
    case TREE_BOOL: return tree_bool(v);
    case TREE_STRING: return tree_string_len(v) > 0;
    case TREE_LIST: return tree_len(v) > 0;
    case TREE_MAP: return true;
    }
    return false;
}

static void add_html_escaped(buf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: continue;
        }
        buf_add(out, s + run, i - run);
        buf_puts(out, rep);
        run = i + 1;
    }
    buf_add(out, s + run, len - run);
}

static int interpolate(renderer *r, const mustache_template *t, const node *n, const tree *v)
{
    const char *s;
    size_t len;
    switch (tree_kind_of(v)) {
    case TREE_NULL:
        return 0;
    case TREE_BOOL:
        s = tree_bool(v) ? "true" : "false";
        len = strlen(s);
        break;
    case TREE_STRING:
        s = tree_string(v);
        len = tree_string_len(v);
        break;
    default: {
        char hint[160];
        snprintf(hint, sizeof hint, "iterate it with a section: {{#%.*s}}...{{/%.*s}}",
                 n->len > 50 ? 50 : (int)n->len, n->text, n->len > 50 ? 50 : (int)n->len,
                 n->text);
        return diag_error(r->d, pos_at(t, n->offset), hint, "`%.*s` is a %s, not a value",
                          (int)n->len, n->text, tree_kind_of(v) == TREE_LIST ? "list" : "map");
    }
    }
    if (n->kind == NODE_ESCAPED && r->escape == MUSTACHE_ESCAPE_HTML)
        add_html_escaped(r->out, s, len);
    else
        buf_add(r->out, s, len);
    return 0;
}

static int render_nodes(renderer *r, const mustache_template *t, size_t from, size_t to,
                        const context_frame *ctx);

static int enter(renderer *r, const mustache_template *t, const node *n)
{
    if (++r->depth > RENDER_MAX_DEPTH)
        return diag_error(r->d, pos_at(t, n->offset), NULL,
                          "sections and partials nest deeper than %d levels",
                          RENDER_MAX_DEPTH);
    return 0;
}

static int render_section(renderer *r, const mustache_template *t, const node *n,
                          const context_frame *ctx)
{
    size_t first = (size_t)(n - t->nodes) + 1;
    const tree *v = lookup(n, ctx);
    if (truthy(v) == (n->kind == NODE_INVERTED))
        return 0;
    int err = enter(r, t, n);
    if (err == 0) {
        if (n->kind == NODE_INVERTED) {
            err = render_nodes(r, t, first, n->end, ctx);
        } else if (tree_kind_of(v) == TREE_LIST) {
            for (size_t i = 0; i < tree_len(v) && err == 0; i++) {
                context_frame item = {tree_list_at(v, i), ctx};
                err = render_nodes(r, t, first, n->end, &item);
            }
        } else {
            context_frame item = {v, ctx};
            err = render_nodes(r, t, first, n->end, &item);
        }
    }
    r->depth--;
    return err;
}

static int render_partial(renderer *r, const mustache_template *t, const node *n,
                          const context_frame *ctx)
{
    const mustache_template *p = NULL;
    if (!r->partials)
        return 0;
    if (partial_get(r->partials, t, n, r->d, &p) < 0)
        return -1;
    if (!p)
        return 0;
    if (r->partial_depth >= r->max_partial_depth)
        return diag_error(r->d, pos_at(t, n->offset),
                          "a recursive partial must stop on the data, e.g. inside {{#children}}",
                          "partials nest deeper than %u levels at `%s`", r->max_partial_depth,
                          n->text);
    int err = enter(r, t, n);
    const char *saved = r->indent;
    size_t saved_len = r->indent_len;
    buf indent = BUF_INIT;
    if (err == 0) {
        /* Standalone: every line of the partial gets the indentation the
         * tag had, on top of ours. Inline: no indentation at all. */
        if (n->standalone) {
            buf_add(&indent, saved, saved_len);
            buf_add(&indent, n->indent, n->indent_len);
        }
        r->indent = buf_cstr(&indent);
        r->indent_len = indent.len;
        r->partial_depth++;
        err = render_nodes(r, p, 0, p->count, ctx);
        r->partial_depth--;
    }
    r->depth--;
    r->indent = saved;
    r->indent_len = saved_len;
    buf_free(&indent);
    return err;
}

static int render_nodes(renderer *r, const mustache_template *t, size_t from, size_t to,
                        const context_frame *ctx)
{
    for (size_t i = from; i < to; i++) {
        const node *n = &t->nodes[i];
        if (r->max_steps && ++r->steps > r->max_steps)
            return diag_error(r->d, pos_at(t, n->offset),
                              "a partial that includes itself more than once grows exponentially",
                              "rendering takes more than %zu steps", r->max_steps);
        int err = 0;
        switch (n->kind) {
        case NODE_TEXT:
            buf_add(r->out, n->text, n->len);
            break;
        case NODE_INDENT:
            if (r->indent_len)
                buf_add(r->out, r->indent, r->indent_len);
            break;
        case NODE_ESCAPED:
        case NODE_RAW:
            err = interpolate(r, t, n, lookup(n, ctx));
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            err = render_section(r, t, n, ctx);
            i = n->end - 1;
            break;
        case NODE_PARTIAL:
            err = render_partial(r, t, n, ctx);
            break;
        }
        if (err < 0)
            return err;
        /* Checked per node: one node adds at most one value, so the output
         * overshoots the limit by at most that much. */
        if (r->max_output && r->out->len - r->out_start > r->max_output) {
            bool mib = r->max_output % ((size_t)1 << 20) == 0;
            return diag_error(r->d, pos_at(t, n->offset),
                              "sections over aliased data repeat the whole anchored value "
                              "each time; render less of it",
                              "the output grows past %zu %s, the most a render may write",
                              mib ? r->max_output >> 20 : r->max_output, mib ? "MiB" : "bytes");
        }
    }
    return 0;
}

int mustache_render(buf *out, const mustache_template *t, const tree *context,
                    const mustache_render_opts *opts, diag *d)
{
    static const mustache_render_opts defaults = MUSTACHE_RENDER_OPTS_INIT;
    if (!opts)
        opts = &defaults;
    renderer r = {
        .out = out,
        .escape = opts->escape,
        .partials = opts->partials,
        .d = d,
        .max_partial_depth = opts->max_partial_depth,
        .max_steps = opts->max_steps,
        .out_start = out->len,
        .max_output = opts->max_output,
        .indent = "",
    };
    context_frame root = {context, NULL};
    return render_nodes(&r, t, 0, t->count, &root);
}
