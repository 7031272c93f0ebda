/* fuzz_mustache: libFuzzer target for the template engine. The input is a
 * template; it is compiled and rendered in both escape modes against a
 * fixed context, with partials that include the input itself. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mustache.h"
#include "tree_yaml.h"

static const char context_yaml[] =
    "name: users\n"
    "html: '<a href=\"x\">&</a>'\n"
    "empty: ''\n"
    "none: null\n"
    "yes: true\n"
    "no: false\n"
    "list: [a, b, c]\n"
    "nothing: []\n"
    "map: {}\n"
    "a: {b: {c: {d: deep}}, list: [1, 2]}\n"
    "columns:\n"
    "  - {name: id, type: int64_t, first: true, last: false}\n"
    "  - {name: email, type: 'char *', first: false, last: false, nullable: true}\n"
    "  - {name: bio, type: 'char *', first: false, last: true, tags: [x, y]}\n"
    "tree: {name: root, children: [{name: a, children: [{name: a1, children: []}]}]}\n";

typedef struct fuzz_input {
    const char *text;
    size_t len;
} fuzz_input;

static const char *find_partial(void *ud, const char *name, size_t *len, const char **file)
{
    static const char *const fixed[][2] = {
        {"row", "{{#columns}}\n  {{name}} {{type}}{{^last}},{{/last}}\n{{/columns}}\n"},
        {"node", "- {{name}}\n  {{#children}}\n  {{>node}}\n  {{/children}}\n"},
        {"bad", "{{#x}}"},
        {"delims", "{{=<% %>=}}<%name%>"},
    };
    const fuzz_input *in = ud;
    (void)file;
    if (strcmp(name, "self") == 0) {
        *len = in->len;
        return in->text;
    }
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (strcmp(name, fixed[i][0]) == 0) {
            *len = strlen(fixed[i][1]);
            return fixed[i][1];
        }
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena context_arena = ARENA_INIT;
    static tree *context;
    static FILE *sink;
    if (!context) {
        diag d;
        diag_init(&d);
        context = tree_yaml_load(&context_arena, "context", context_yaml,
                                 sizeof context_yaml - 1, &d);
        diag_free(&d);
        sink = fopen("/dev/null", "w");
        if (!context || !sink)
            __builtin_trap();
    }
    fuzz_input in = {(const char *)data, size};
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    diag_add_source(&d, "fuzz", in.text, in.len);
    mustache_template *t = mustache_compile(&a, "fuzz", in.text, in.len, &d);
    for (int escape = 0; t && escape < 2; escape++) {
        mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
        opts.escape = escape ? MUSTACHE_ESCAPE_NONE : MUSTACHE_ESCAPE_HTML;
        opts.partials = mustache_partials_new(&a, find_partial, &in);
        opts.max_steps = 20000; /* keeps each run short; the limit is tested */
        buf out = BUF_INIT;
        mustache_render(&out, t, context, &opts, &d);
        buf_free(&out);
    }
    /* diag_render sorts with qsort, which must not see a NULL array. */
    if (d.count)
        diag_render(&d, sink, false);
    diag_free(&d);
    arena_free(&a);
    return 0;
}
