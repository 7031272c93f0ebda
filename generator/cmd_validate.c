/* cmd_validate: placeholder until the loader lands. */
#include <stdio.h>

#include "commands.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("schemac validate: loader not built yet\n", stderr);
    return EXIT_INVALID;
}
