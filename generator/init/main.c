/* @NAME@: connects to the database DATABASE_URL names, creates the tables
 * from @NAME@.sql when they are missing, and uses the API schemac generated
 * from models/ (@NAME@.h): adds a note unless it is there already, reads
 * it back by its unique slug, and lists the notes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "@NAME@.h"

/* Reads a whole file into a malloc'd string; NULL on failure. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 4096 + 1 > cap) {
            char *grown = realloc(text, cap = 2 * cap + 4096 + 1);
            if (!grown) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        n = fread(text + len, 1, 4096, f);
        len += n;
    } while (n > 0);
    fclose(f);
    text[len] = '\0';
    return text;
}

/* Runs the creation script schemac wrote beside @NAME@.h, unless the
 * tables are there already. Returns 0 or -1. */
static int create_tables(PGconn *conn)
{
    PGresult *res = PQexec(conn, "SELECT to_regclass('notes') IS NOT NULL");
    int exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (exists)
        return 0;
    char *sql = read_file(SCHEMA_SQL_FILE);
    if (!sql) {
        perror(SCHEMA_SQL_FILE);
        return -1;
    }
    res = PQexec(conn, sql);
    free(sql);
    int created = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (created)
        printf("created the tables from @NAME@.sql\n");
    else
        fprintf(stderr, "creating the tables: %s", PQresultErrorMessage(res));
    PQclear(res);
    return created ? 0 : -1;
}

/* Prints why a call failed; nonzero when it did not. */
static int ok(@NAME@_db_status status, const @NAME@_db_error *err, const char *what)
{
    if (status == @NAME_UPPER@_OK)
        return 1;
    fprintf(stderr, "%s: %s: %s\n", what, @NAME@_db_status_name(status), err->message);
    return 0;
}

static int use_notes(@NAME@_db *db)
{
    @NAME@_db_error err;
    @NAME@_notes note = {.slug = "welcome", .title = "Hello from @NAME@"};
    /* A second run finds the note there: a unique violation is a value. */
    @NAME@_db_status status = @NAME@_notes_insert(db, NULL, &note, 0, &err);
    if (status == @NAME_UPPER@_UNIQUE_VIOLATION)
        printf("the welcome note is there already (%s)\n", err.constraint);
    else if (!ok(status, &err, "insert"))
        return -1;
    else
        printf("added the welcome note\n");

    @NAME@_notes found;
    if (!ok(@NAME@_notes_get_by_slug(db, &found, "welcome", &err), &err, "get"))
        return -1;
    printf("note #%" PRId64 " \"%s\"%s\n", found.id, found.title, found.pinned ? ", pinned" : "");
    @NAME@_notes_free(&found);

    @NAME@_notes_array notes;
    if (!ok(@NAME@_notes_list(db, &notes, NULL, 10, &err), &err, "list"))
        return -1;
    printf("the first %zu notes:\n", notes.n);
    for (size_t i = 0; i < notes.n; i++)
        printf("  #%" PRId64 " %s: %s\n", notes.items[i].id, notes.items[i].slug,
               notes.items[i].title);
    @NAME@_notes_array_free(&notes);
    return 0;
}

int main(void)
{
    const char *url = getenv("DATABASE_URL");
    PGconn *conn = PQconnectdb(url ? url : "");
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect (set DATABASE_URL): %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    @NAME@_db db;
    @NAME@_db_init(&db, conn);
    int rc = create_tables(conn) < 0 || use_notes(&db) < 0;
    PQfinish(conn);
    return rc;
}
