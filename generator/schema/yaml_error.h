/* yaml_error: libyaml's parser errors as diagnostics, shared by the schema
 * reader (ydoc) and the data reader (tree_yaml). */
#ifndef SCHEMAC_YAML_ERROR_H
#define SCHEMAC_YAML_ERROR_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* Reports why `p` failed on `text` (`len` bytes of `file`): at the
 * character where it failed, with a hint where one helps, and a note where
 * an unclosed construct began. */
void yaml_report_parser_error(diag *d, const char *file, const char *text, size_t len,
                              const yaml_parser_t *p);

#endif
