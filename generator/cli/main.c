/* main: the command table and nothing else. Each command lives in its own
 * cmd_NAME.c; adding one touches commands.h and the table below. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "config.h"

static const command commands[] = {
#define COMMAND(name, summary) {#name, cmd_##name, summary},
    COMMAND_LIST
#undef COMMAND
};

static void usage(FILE *out)
{
    fputs("usage: schemac [--version] [--help] COMMAND [ARGS...]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'schemac COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("schemac %s\n", SCHEMAC_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return commands[i].run(argc - 1, argv + 1);
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        names[i] = commands[i].name;
    cli_unknown("schemac", "command", name, names, sizeof names / sizeof names[0]);
    usage(stderr);
    return EXIT_USAGE;
}
