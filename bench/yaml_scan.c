/* yaml_scan: the baseline the schemac benchmarks compare with. It reads the
 * given YAML files with libyaml and walks every event, doing nothing else:
 * the least any YAML schema tool must spend. Exits 1 on a syntax error. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int scan(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int err = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            fprintf(stderr, "%s: %s\n", path, parser.problem ? parser.problem : "error");
            err = -1;
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return err;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (scan(argv[i]) < 0)
            return 1;
    return 0;
}
