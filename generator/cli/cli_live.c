/* cli_live: schema files beside a live database; see cli_live.h. */
#include "cli_live.h"

#include <string.h>

#include "cli.h"

int cli_live_open(cli_live *out, char *const *paths, size_t npaths, const char *url,
                  const char *const *schemas, size_t nschemas, diag *d)
{
    memset(out, 0, sizeof *out);
    /* The server reads its catalog while the files load: for the schemas
     * named, or public, which drift_prepare reads unless the models use
     * others (then it asks again, and this was only wasted work). */
    live_init(&out->db, url);
    inspect_options o = INSPECT_OPTIONS_INIT;
    o.schemas = schemas;
    o.nschemas = nschemas;
    inspect_prefetch(&out->db, &o);
    out->model = cli_load_one_schema(paths, npaths, false, &out->set, d);
    if (!out->model)
        return -1;
    /* The models' views are ordered by asking the same server. */
    if (live_open(&out->db, d) < 0 ||
        cli_find_dependencies(&out->model, 1, url, d) < 0 ||
        drift_prepare(&out->db, out->model, schemas, nschemas, &out->sides, d) < 0)
        return -2;
    return 0;
}

void cli_live_close(cli_live *l)
{
    drift_free(&l->sides);
    live_close(&l->db);
    load_set_free(&l->set);
}
