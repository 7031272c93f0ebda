/* @NAME@: connects to the database DATABASE_URL names, whose tables
 * `schemac migrate up` made from migrations/, and uses the API schemac
 * generated from models/ (@NAME@.h): adds a note unless it is there
 * already, reads it back by its unique slug, and lists the notes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "@NAME@.h"

/* The tables come from migrations (README.md): says what to run when
 * they are not there yet. Returns 0 when they are, -1 otherwise. */
static int check_tables(PGconn *conn)
{
    PGresult *res = PQexec(conn, "SELECT to_regclass('notes') IS NOT NULL");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "looking for the tables: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int exists = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (!exists)
        fprintf(stderr, "the table notes is missing: create the tables with\n"
                        "  schemac migrate new -m \"create the tables\" models/   (once)\n"
                        "  schemac migrate up\n");
    return exists ? 0 : -1;
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
    int rc = check_tables(conn) < 0 || use_notes(&db) < 0;
    PQfinish(conn);
    return rc;
}
