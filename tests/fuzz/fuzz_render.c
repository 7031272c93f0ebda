/* fuzz_render: `schemac render --data`: arbitrary bytes as the YAML data
 * file, loaded by tree_yaml_load and rendered as render does. Input with a
 * NUL byte is TEMPLATE NUL DATA; otherwise a fixed template that walks
 * common shapes of data, recursively through the partial `self`, renders
 * it. The render limits are set low so each run stays short; they are
 * the code under test, not a way around it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mustache.h"
#include "tree_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_template[] =
    "{{#name}}{{name}}{{/name}}{{^name}}-{{/name}} {{{raw}}} {{a.b.c}}\n"
    "{{#items}}\n"
    "  - {{name}}: {{#columns}}{{name}} {{type}}{{^last}}, {{/last}}{{/columns}}\n"
    "  {{>self}}\n"
    "{{/items}}\n"
    "{{#children}}{{>self}}{{/children}}{{#list}}[{{.}}]{{/list}}\n";

typedef struct fuzz_input {
    const char *template;
    size_t len;
} fuzz_input;

static const char *find_partial(void *ud, const char *name, size_t *len, const char **file)
{
    const fuzz_input *in = ud;
    (void)file;
    if (strcmp(name, "self") != 0)
        return NULL;
    *len = in->len;
    return in->template;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    fuzz_input in = {fixed_template, sizeof fixed_template - 1};
    const char *yaml = text;
    size_t yaml_len = size;
    if (nul) {
        in.template = text;
        in.len = (size_t)(nul - text);
        yaml = nul + 1;
        yaml_len = size - in.len - 1;
    }
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    diag_add_source(&d, "data.yaml", yaml, yaml_len);
    tree *context = tree_yaml_load(&a, "data.yaml", yaml, yaml_len, &d);
    mustache_template *t = mustache_compile(&a, "fuzz.mustache", in.template, in.len, &d);
    for (int escape = 0; context && t && escape < 2; escape++) {
        mustache_render_opts opts = MUSTACHE_RENDER_OPTS_INIT;
        opts.escape = escape ? MUSTACHE_ESCAPE_NONE : MUSTACHE_ESCAPE_HTML;
        opts.partials = mustache_partials_new(&a, find_partial, &in);
        opts.max_steps = 20000;
        opts.max_output = 1 << 20;
        buf out = BUF_INIT;
        if (mustache_render(&out, t, context, &opts, &d) == 0 && out.len > opts.max_output)
            __builtin_trap();
        /* A render stops within one node of the limit: a value (part of
         * the input, escaped at most 6 times longer) or an indentation
         * (at most one template per partial level). */
        if (out.len > opts.max_output + 64 * size + 64)
            __builtin_trap();
        buf_free(&out);
    }
    if (d.count)
        diag_render(&d, sink, false);
    diag_free(&d);
    arena_free(&a);
    return 0;
}
