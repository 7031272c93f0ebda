#!/usr/bin/env python3
"""The query corpus (tests/queries/CORPUS/queries/*.sql) against PostgreSQL.

For each corpus: `schemac generate --queries` describes the queries on the
server of DATABASE_URL; the description cache it writes must equal the
committed one (types and nullability, reviewed) and the generated header's
declarations must equal CORPUS/signatures.txt. Then a C program calling every
generated function (made here from the cache and the queries' `-- args:`
lines) runs on a database with CORPUS/seed.sql, and its output is compared
with psql's own output of the same statements with the same arguments on a
second copy of that database. :many queries that only read also run through
the iterator, which must give the same rows. Finally generate runs with no
server at hand: from the committed cache it writes the same files, and with
a query edited it fails, naming the stale cache.

usage: test_corpus.py SCHEMAC SOURCE_ROOT   (under tests/pg/with_pg)
SCHEMAC_TEST_CC overrides the compiler of the driver and generated code
("clang -fsanitize=address,undefined" for a sanitized run).
"""
import ast
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCHEMAC, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
URL = os.environ["DATABASE_URL"]
# (directory under tests/queries, the models, their schema's name)
CORPORA = [("blog", "examples/blog/models", "blog"), ("stocks", "schemas/stocks", "stocks"),
           ("domains", "tests/codegen/rt2.yaml", "rt2")]
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def psql(db, *commands):
    args = ["psql", "-X", "-A", "-t", "-F", "|", "-P", "null=NULL", "-v", "ON_ERROR_STOP=1",
            "-d", db_url(db)]
    for c in commands:
        args += ["-c", c]
    r = run(args)
    if r.returncode:
        raise SystemExit("psql failed: %s\n%s" % (commands, r.stderr))
    return r.stdout


def db_url(db):
    return re.sub(r"^(postgresql://[^/]*/)[^?]*", r"\g<1>" + db, URL)


def parse_cache(path):
    queries, q = [], None
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "query":
            q = {"name": f[1], "kind": f[2], "params": [], "columns": []}
            queries.append(q)
        elif f[0] in ("param", "column"):
            flags = f[3].split(",")
            q[f[0] + "s"].append({"name": f[1], "type": f[2], "enum": "enum" in flags,
                                 "array": "array" in flags, "nullable": "nullable" in flags})
    return queries


def parse_args(queries_dir):
    """query name -> list of Python values from its `-- args:` line."""
    args, name = {}, None
    for fn in sorted(os.listdir(queries_dir)):
        if not fn.endswith(".sql"):
            continue
        for line in open(os.path.join(queries_dir, fn)):
            m = re.match(r"--\s*name:\s*(\w+)", line)
            if m:
                name = m.group(1)
                args[name] = []
            m = re.match(r"--\s*args:(.*)", line)
            if m and m.group(1).strip():
                words = {"null": "None", "true": "True", "false": "False"}
                text = re.sub(r"'[^']*'|\b(null|true|false)\b",
                              lambda w: words.get(w.group(0), w.group(0)), m.group(1))
                args[name] = list(ast.literal_eval("[" + text + "]"))
    return args


def statements(source):
    """query name -> SQL as sent, from the generated C string literals."""
    out = {}
    for m in re.finditer(r'static const schemac_rt_statement (\w+)_statement = \{"[^"]*",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\};', source):
        sql = ""
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)):
            sql += re.sub(r'\\(n|t|"|\\|\?|[0-7]{3})', lambda e: {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "?": "?"}.get(e.group(1)) or chr(int(e.group(1), 8)), lit)
        out[m.group(1)] = sql
    return out


INTS = {"smallint": "int16_t", "integer": "int32_t", "bigint": "int64_t"}
STRINGS = {"text", "character varying", "character", "numeric", "json", "jsonb"}


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_value(prefix, p, v):
    t = p["type"]
    if p["enum"]:
        return "%s_%s_%s" % (prefix.upper(), t.upper(), v.upper())
    if t in INTS or t.startswith("time"):
        return "INT64_C(%d)" % v
    if t == "boolean":
        return "true" if v else "false"
    if t == "date":
        return str((datetime.date.fromisoformat(v) - datetime.date(1970, 1, 1)).days)
    return c_string(str(v))


def sql_value(p, v):
    if v is None:
        return "NULL"
    if isinstance(v, list):
        return "ARRAY[%s]::%s[]" % (", ".join(sql_value(dict(p, array=False), x) for x in v), p["type"])
    if isinstance(v, bool):
        return "true" if v else "false"
    if p["type"].startswith("timestamp"):
        return "'%s'" % (EPOCH + datetime.timedelta(microseconds=v)).isoformat()
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def print_column(prefix, c, ref):
    t = c["type"]
    if c["enum"]:
        fmt = 'fputs(%s_%s_to_string(%s), stdout);' % (prefix, t, ref)
    elif t in INTS or t in ("date",) or t.startswith("time"):
        fmt = 'printf("%%lld", (long long)%s);' % ref
    elif t == "boolean":
        fmt = 'fputs(%s ? "t" : "f", stdout);' % ref
    else:
        fmt = 'fputs(%s, stdout);' % ref
    return fmt


def driver(prefix, queries, args):
    out = ["#include <inttypes.h>", "#include <stdio.h>", "#include <stdlib.h>",
           "#include <string.h>", '#include "%s.queries.h"' % prefix, ""]
    calls = []
    for q in queries:
        n, cn = q["name"], prefix + "_" + q["name"]
        a = args.get(n, [])
        if q["columns"]:
            out.append("static void print_%s(const %s_row *row)\n{" % (n, cn))
            for i, c in enumerate(q["columns"]):
                if i:
                    out.append('    putchar(\'|\');')
                ref = "row->" + c["name"]
                if c["nullable"]:
                    out.append('    if (!row->has_%s) fputs("NULL", stdout); else %s' % (c["name"], print_column(prefix, c, ref)))
                else:
                    out.append("    " + print_column(prefix, c, ref))
            out.append("    putchar('\\n');\n}\n")
        out.append("static void run_%s(%s_db *db)\n{\n    %s_db_error err;\n    %s_db_status st;" % (n, prefix, prefix, prefix))
        pa = ""
        if q["kind"] == "copyfrom":
            out.append("    %s_params rows[%d];\n    memset(rows, 0, sizeof rows);" % (cn, len(a)))
            for i, row in enumerate(a):
                for p, v in zip(q["params"], row):
                    out.append("    rows[%d].%s = %s;" % (i, p["name"], c_value(prefix, p, v)))
            out.append('    printf("== %s\\n");' % n)
            out.append("    st = %s(db, rows, %d, &err);\n    if (st == 0) puts(\"OK\");" % (cn, len(a)))
            out.append('    if (st != 0) printf("error %d: %s %s\\n", (int)st, err.sqlstate, err.message);\n}\n')
            calls.append("    run_%s(&db);" % n)
            continue
        if q["params"]:
            out.append("    %s_params p;\n    memset(&p, 0, sizeof p);" % cn)
            for p, v in zip(q["params"], a):
                if p["nullable"]:
                    out.append("    p.has_%s = %s;" % (p["name"], "false" if v is None else "true"))
                if v is None:
                    continue
                if p["array"]:
                    ct = INTS.get(p["type"], "const char *")
                    out.append("    p.%s = (%s const[]){%s};\n    p.%s_count = %d;" % (
                        p["name"], ct, ", ".join(c_value(prefix, p, x) for x in v), p["name"], len(v)))
                else:
                    out.append("    p.%s = %s;" % (p["name"], c_value(prefix, p, v)))
            pa = ", &p"
        out.append('    printf("== %s\\n");' % n)
        if q["kind"] == "one":
            out.append("    %s_row row;\n    st = %s(db, &row%s, &err);" % (cn, cn, pa))
            out.append("    if (st == 0) { print_%s(&row); %s_row_free(&row); }" % (n, cn))
        elif q["kind"] == "many":
            out.append("    %s_rows rows;\n    st = %s(db, &rows%s, &err);" % (cn, cn, pa))
            out.append("    for (size_t i = 0; st == 0 && i < rows.n; i++) print_%s(&rows.items[i]);" % n)
            out.append("    size_t n = st == 0 ? rows.n : 0;\n    (void)n;\n    %s_rows_free(&rows);" % cn)
            if q["read_only"]:
                out.append("    %s_iter it;\n    %s_row row;\n    size_t seen = 0;" % (cn, cn))
                out.append("    if (st == 0 && %s_iter_open(db, &it%s, &err) == 0) {" % (cn, pa))
                out.append("        while ((st = %s_iter_next(&it, &row, &err)) == 0) seen++;" % cn)
                out.append("        %s_iter_close(&it);" % cn)
                out.append('        if (st != %s_NOT_FOUND || seen != n) printf("iterator: %%zu rows of %%zu, status %%d\\n", seen, n, (int)st);' % prefix.upper())
                out.append("        st = 0;\n    }")
        elif q["kind"] == "exec":
            out.append("    st = %s(db%s, &err);\n    if (st == 0) puts(\"OK\");" % (cn, pa))
        else:
            out.append("    int64_t changed;\n    st = %s(db, &changed%s, &err);" % (cn, pa))
            out.append('    if (st == 0) printf("rows=%lld\\n", (long long)changed);')
        out.append('    if (st != 0) printf("error %d: %s %s\\n", (int)st, err.sqlstate, err.message);\n}\n')
        calls.append("    run_%s(&db);" % n)
    out.append("int main(int argc, char **argv)\n{\n    PGconn *conn = PQconnectdb(argv[1]);")
    out.append("    if (argc < 2 || PQstatus(conn) != CONNECTION_OK) return 2;")
    out.append("    %s_db db;\n    %s_db_init(&db, conn);" % (prefix, prefix))
    out += calls
    out.append("    PQfinish(conn);\n    return 0;\n}")
    return "\n".join(out) + "\n"


def from_psql(c, v):
    """psql's text of a value as the driver prints the C value."""
    if v == "NULL" or c["enum"]:
        return v
    t = c["type"]
    if t == "timestamp with time zone":
        d = datetime.datetime.fromisoformat(re.sub(r"([+-]\d\d)$", r"\1:00", v))
        return str((d - EPOCH) // datetime.timedelta(microseconds=1))
    if t == "date":
        return str((datetime.date.fromisoformat(v) - datetime.date(1970, 1, 1)).days)
    if t == "time without time zone":
        tm = datetime.time.fromisoformat(v)
        return str(((tm.hour * 60 + tm.minute) * 60 + tm.second) * 1000000 + tm.microsecond)
    return v


def psql_output(db, q, sql, a):
    if q["kind"] == "copyfrom":  # the same rows, one INSERT each
        for row in a:
            psql_output(db, dict(q, kind="exec"), sql, row)
        return ["OK"]
    values = ", ".join(sql_value(p, v) for p, v in zip(q["params"], a))
    execute = "EXECUTE q" + ("(%s)" % values if q["params"] else "")
    text = psql(db, "SET TimeZone = 'UTC'", "PREPARE q AS " + sql, execute)
    lines = text.splitlines()[2:]  # SET, PREPARE
    tag = re.compile(r"^(INSERT \d+ \d+|UPDATE \d+|DELETE \d+)$")
    if q["kind"] in ("exec", "execrows"):
        n = int(lines[-1].split()[-1])
        return ["OK"] if q["kind"] == "exec" else ["rows=%d" % n]
    if lines and tag.match(lines[-1]):
        lines = lines[:-1]
    if q["kind"] == "one":
        lines = lines[:1]
    out = []
    for line in lines:
        fields = line.split("|")
        out.append("|".join(from_psql(c, v) for c, v in zip(q["columns"], fields)))
    return out


def signatures(header):
    keep = []
    for line in header.splitlines():
        if re.match(r"^(typedef struct|\} \w+;|    \S.*;|\w.*\);)", line):
            keep.append(line)
    return "\n".join(keep) + "\n"


def check_corpus(tmp, name, models, prefix):
    src = os.path.join(ROOT, "tests", "queries", name)
    models = os.path.join(ROOT, models)
    work = os.path.join(tmp, name)
    qdir = os.path.join(work, "queries")
    shutil.copytree(os.path.join(src, "queries"), qdir,
                    ignore=shutil.ignore_patterns("schemac-queries.cache"))
    out = os.path.join(work, "out")
    r = run([SCHEMAC, "generate", "-o", out, "--queries", qdir, "--db", URL, models])
    if r.returncode:
        return fail("%s: generate failed:\n%s" % (name, r.stderr))
    cache = open(os.path.join(qdir, "schemac-queries.cache")).read()
    if cache != open(os.path.join(src, "queries", "schemac-queries.cache")).read():
        fail("%s: the description cache differs from the committed one (diff %s)" % (name, qdir))
    header = open(os.path.join(out, prefix + ".queries.h")).read()
    sig_file = os.path.join(src, "signatures.txt")
    if os.environ.get("SCHEMAC_UPDATE_SIGNATURES"):
        open(sig_file, "w").write(signatures(header))
    if signatures(header) != open(sig_file).read():
        fail("%s: the generated declarations differ from signatures.txt" % name)
    queries = parse_cache(os.path.join(qdir, "schemac-queries.cache"))
    args = parse_args(qdir)
    sql = statements(open(os.path.join(out, prefix + ".queries.c")).read())
    # :copyfrom has no prepared statement: its SQL is in the comment.
    for m in re.finditer(r"/\* (INSERT INTO .*?): by COPY .*\*/\n\w+ " + prefix + r"_(\w+)\(",
                         open(os.path.join(out, prefix + ".queries.c")).read()):
        sql[m.group(2)] = m.group(1)
    for q in queries:
        first = re.sub(r"^(\s*--[^\n]*\n)*", "", sql[q["name"]])
        q["read_only"] = not re.match(r"\s*(INSERT|UPDATE|DELETE)", first, re.I)
    if len(queries) < 2:
        fail("%s: only %d queries" % (name, len(queries)))
    open(os.path.join(work, "driver.c"), "w").write(driver(prefix, queries, args))
    exe = os.path.join(work, "driver")
    sources = [os.path.join(out, f) for f in os.listdir(out) if f.endswith(".c")]
    cflags = run(["pkg-config", "--cflags", "libpq"]).stdout.split() or ["-I/usr/include/postgresql"]
    r = run(os.environ.get("SCHEMAC_TEST_CC", "cc").split() + ["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I", out] + cflags +
            [os.path.join(work, "driver.c")] + sources + ["-o", exe, "-lpq"])
    if r.returncode:
        return fail("%s: the driver does not compile:\n%s" % (name, r.stderr))
    for db in ("corpus_c", "corpus_psql"):
        psql("postgres", "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db)
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db_url(db),
             "-f", os.path.join(out, prefix + ".sql"), "-f", os.path.join(src, "seed.sql")],
            check=True)
    r = run([exe, db_url("corpus_c")])
    if r.returncode:
        return fail("%s: the driver failed: %s" % (name, r.stderr))
    got = {}
    for line in r.stdout.splitlines():
        if line.startswith("== "):
            current = got.setdefault(line[3:], [])
        else:
            current.append(line)
    rows = 0
    for q in queries:
        want = psql_output("corpus_psql", q, sql[q["name"]], args.get(q["name"], []))
        rows += len(want)
        if got.get(q["name"]) != want:
            fail("%s: query %s:\n  C:    %s\n  psql: %s" % (name, q["name"], got.get(q["name"]), want))
    print("%s: %d queries, %d result lines equal to psql's" % (name, len(queries), rows))
    if rows < len(queries):
        fail("%s: too few result lines to compare" % name)

    # No server: the committed cache is enough, and a stale one is refused.
    offline = dict(os.environ, SCHEMAC_PG_BINDIR="/nonexistent", PATH="/usr/bin:/bin")
    offline.pop("DATABASE_URL", None)
    out2 = os.path.join(work, "out2")
    r = run([SCHEMAC, "generate", "-o", out2, "--queries", qdir, models], env=offline)
    if r.returncode:
        fail("%s: generate from the cache failed:\n%s" % (name, r.stderr))
    elif any(open(os.path.join(out, f)).read() != open(os.path.join(out2, f)).read()
             for f in os.listdir(out)):
        fail("%s: generate from the cache wrote other files" % name)
    first = sorted(f for f in os.listdir(qdir) if f.endswith(".sql"))[0]
    with open(os.path.join(qdir, first), "a") as f:
        f.write("\n-- name: added_later :one\nSELECT 1 AS one;\n")
    r = run([SCHEMAC, "generate", "-o", out2, "--queries", qdir, models], env=offline)
    if r.returncode == 0 or "out of date" not in r.stderr:
        fail("%s: a stale cache without a server was not refused: %s" % (name, r.stderr))


with tempfile.TemporaryDirectory() as tmp:
    for corpus, models, prefix in CORPORA:
        check_corpus(tmp, corpus, models, prefix)
if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("ok")
