/* fuzz_tree_yaml: libFuzzer target for tree_yaml and tree_write_yaml. The
 * input is a YAML document; whatever loads must write out as YAML that
 * loads back as an equal tree. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tree_yaml.h"

/* Nodes reached from t, counting shared (aliased) nodes each time, up to
 * `limit`: aliases can make a tiny document expand exponentially. */
static size_t expanded_size(const tree *t, size_t limit)
{
    size_t n = 1;
    for (size_t i = 0; i < tree_len(t) && n < limit; i++) {
        const tree *child =
            tree_kind_of(t) == TREE_LIST ? tree_list_at(t, i) : tree_map_value(t, i);
        n += expanded_size(child, limit - n);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    tree *t = tree_yaml_load(&a, "fuzz.yaml", (const char *)data, size, &d);
    if (t && expanded_size(t, 100000) < 100000) {
        buf yaml = BUF_INIT;
        tree_write_yaml(t, &yaml);
        diag back_d;
        diag_init(&back_d);
        tree *back = tree_yaml_load(&a, "written.yaml", buf_cstr(&yaml), yaml.len, &back_d);
        if (!back || !tree_equal(t, back)) {
            fprintf(stderr, "round trip failed; written YAML:\n%s\n", buf_cstr(&yaml));
            if (back_d.count)
                diag_render(&back_d, stderr, false);
            __builtin_trap();
        }
        diag_free(&back_d);
        buf_free(&yaml);
    }
    diag_free(&d);
    arena_free(&a);
    return 0;
}
