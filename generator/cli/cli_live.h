/* cli_live: what check, diff and migrate new share to compare schema
 * files with a live database: load the files, connect, inspect and
 * normalise (drift_prepare), and free it all in one call. */
#ifndef SCHEMAC_CLI_LIVE_H
#define SCHEMAC_CLI_LIVE_H

#include "drift.h"
#include "load.h"

typedef struct cli_live {
    load_set set;
    ir_schema *model; /* the files, normalised against the database */
    live_db db;
    drift_sides sides; /* sides.live.schema: the database */
} cli_live;

/* Loads one schema from paths and compares it with the database `url`
 * (NULL: DATABASE_URL) in its PostgreSQL schemas (none: public). Returns
 * 0, or -1 after reporting: -2 when the files are fine but the database
 * could not be read (a connection error, say). Free with cli_live_close
 * either way. */
int cli_live_open(cli_live *out, char *const *paths, size_t npaths, const char *url,
                  const char *const *schemas, size_t nschemas, diag *d);
void cli_live_close(cli_live *l);

#endif
