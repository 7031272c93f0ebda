/* fuzz_load: arbitrary bytes through the schema front end (ydoc_parse,
 * load_text, validate_schema, emit_schema, diag_render). Beyond "no crash,
 * leak or UB" it checks one property: a schema that validates, once
 * emitted, loads and validates again and emits the same text. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "load.h"
#include "validate.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

/* Loads, validates and emits `text`; returns whether it was valid. */
static bool front_end(const char *file, const char *text, size_t len, buf *out, diag *d)
{
    diag_add_source(d, file, text, len);
    ir_schema *s = load_text(NULL, file, text, len, d);
    bool valid = false;
    if (s) {
        valid = validate_schema(s, d) == 0 && !diag_has_errors(d);
        emit_schema(s, NULL, out);
    }
    ir_schema_free(s);
    diag_render(d, sink, false);
    return valid;
}

static void fail(const char *what, const buf *first, const buf *second, diag *d)
{
    fprintf(stderr, "fuzz_load: %s\n--- emitted:\n%s\n--- re-emitted:\n%s\n", what,
            buf_cstr(first), buf_cstr(second));
    diag_render(d, stderr, false);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        sink = fopen("/dev/null", "w");
    const char *text = (const char *)data;

    /* The tree builder on its own, as every YAML reader uses it. */
    arena a = ARENA_INIT;
    diag d;
    diag_init(&d);
    ydoc_parse(&a, "fuzz.yaml", text, size, &d);
    arena_free(&a);
    diag_free(&d);

    buf first = BUF_INIT, second = BUF_INIT;
    diag_init(&d);
    bool valid = front_end("fuzz.yaml", text, size, &first, &d);
    diag_free(&d);
    if (valid) {
        diag_init(&d);
        if (!front_end("emitted.yaml", first.data, first.len, &second, &d))
            fail("the emitted text of a valid schema is not valid", &first, &second, &d);
        if (strcmp(buf_cstr(&first), buf_cstr(&second)) != 0)
            fail("emitting the emitted schema changed it", &first, &second, &d);
        diag_free(&d);
    }
    buf_free(&first);
    buf_free(&second);
    return 0;
}
