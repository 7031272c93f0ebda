/* commands: the list of CLI commands and the contract they share.
 * Each command is cmd_NAME(argc, argv) in cmd_NAME.c, where argv[0] is the
 * command name; it returns an exit code below. */
#ifndef SCHEMAC_COMMANDS_H
#define SCHEMAC_COMMANDS_H

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

/* The one table of commands: add a line here and a cmd_NAME.c file. */
#define COMMAND_LIST                                                                   \
    COMMAND(validate, "check schema files and print a summary")                        \
    COMMAND(fmt, "rewrite schema files in canonical form")                             \
    COMMAND(sql, "print the SQL that creates the schema")                              \
    COMMAND(diff, "print the SQL that migrates one schema version to another")         \
    COMMAND(render, "render a Mustache template with YAML data")                       \
    COMMAND(migrate, "make revisions and apply them to a database")                    \
    COMMAND(generate, "write the C API and SQL of schemas (NAME.h, NAME.c, NAME.sql)") \
    COMMAND(context, "print the template context of a schema as YAML")                 \
    COMMAND(init, "write a starter meson project that generates its C API")            \
    COMMAND(new, "add a model (one table) to a schema directory")                       \
    COMMAND(inspect, "write the schema of a live database as YAML")                      \
    COMMAND(check, "compare a live database with the schema files (drift)")              \
    COMMAND(vet, "report likely mistakes in the queries (queries/NAME.sql)")

#define COMMAND(name, summary) int cmd_##name(int argc, char **argv);
COMMAND_LIST
#undef COMMAND

#endif
