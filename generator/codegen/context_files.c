/* context_files: groups a schema's tables by model file, the unit of the
 * generated C's output split: each schema file FILE.yaml becomes
 * NAME.FILE.h and NAME.FILE.c with the tables it declares (see
 * context_files.h). Only the grouping and the file names are made here;
 * the table maps are context.c's, and context_model_tables makes a file's. */
#include "context_files.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"

int context_add_model_files(arena *a, tree *root, const ir_schema *s, diag *d)
{
    tree *files = tree_new_list(a);
    strmap guards;
    strmap_init(&guards, a);
    tree **lists = arena_alloc(a, (s->nfiles ? s->nfiles : 1) * sizeof *lists);
    for (size_t i = 0; i < s->nfiles; i++) {
        const char *stem = ir_file_stem(a, s->files[i]);
        const char *guard = ir_file_guard(a, s->name, s->files[i]);
        const char *other = strmap_get(&guards, guard);
        if (other)
            return diag_error(d, (src_pos){s->files[i], 0, 0}, "rename one of the files",
                              "schema files %s and %s would both be written as %s.%s.c",
                              other, s->files[i], s->name, stem);
        strmap_put(&guards, guard, (void *)s->files[i]);
        tree *m = tree_new_map(a);
        tree_map_set(m, "name", tree_new_string(a, stem));
        const char *slash = strrchr(s->files[i], '/');
        tree_map_set(m, "schema_file", tree_new_string(a, slash ? slash + 1 : s->files[i]));
        tree_map_set(m, "header_file", tree_new_string(a, arena_printf(a, "%s.%s.h", s->name, stem)));
        tree_map_set(m, "source_file", tree_new_string(a, arena_printf(a, "%s.%s.c", s->name, stem)));
        tree_map_set(m, "include_guard", tree_new_string(a, guard));
        lists[i] = tree_new_list(a);
        tree_map_set(m, "table_indexes", lists[i]);
        tree_list_push(files, m);
    }
    /* A table belongs to the file that declares it. */
    for (size_t t = 0; t < s->ntables; t++) {
        size_t f = 0;
        for (size_t i = 0; i < s->nfiles; i++)
            if (s->tables[t]->pos.file && !strcmp(s->tables[t]->pos.file, s->files[i]))
                f = i;
        if (!s->nfiles)
            continue;
        tree *entry = tree_new_map(a);
        tree_map_set(entry, "name", tree_new_string(a, s->tables[t]->name));
        tree_map_set(entry, "index", tree_new_string(a, arena_printf(a, "%zu", t)));
        tree_list_push(lists[f], entry);
    }
    for (size_t i = 0; i < s->nfiles; i++) {
        tree *m = tree_list_at(files, i);
        tree_map_set(m, "first", tree_new_bool(a, i == 0));
        tree_map_set(m, "last", tree_new_bool(a, i + 1 == s->nfiles));
        tree_map_set(m, "has_tables", tree_new_bool(a, tree_len(lists[i]) > 0));
    }
    tree_map_set(root, "model_files", files);
    return 0;
}

tree *context_model_tables(context_schema *cs, arena *a, const tree *model)
{
    const tree *entries = tree_map_get(model, "table_indexes");
    size_t n = tree_len(entries);
    size_t *indexes = arena_alloc(a, (n ? n : 1) * sizeof *indexes);
    for (size_t i = 0; i < n; i++)
        indexes[i] = strtoul(tree_string(tree_map_get(tree_list_at(entries, i), "index")), NULL, 10);
    return context_tables(cs, a, indexes, n);
}
