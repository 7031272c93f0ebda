"""What the live-database tests share (test_live.py, test_live_changes.py,
test_live_v2.py): databases named on the server of DATABASE_URL, psql,
and the schemac under test (set SCHEMAC, or call start(), before calling
schemac()); for test_live.py and test_live_v2.py also their set-up
(start), expect() and how they end (finish)."""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

BASE = os.environ["DATABASE_URL"]
SCHEMAC = None
FAILURES = []


def start(argv, tmp_prefix):
    """The set-up of `SCRIPT SCHEMAC CATALOG_SQL SOURCE_ROOT`: SCHEMAC is
    the schemac under test. Returns (source root, the text of the catalog
    query, a new temporary directory)."""
    global SCHEMAC
    SCHEMAC = argv[1]
    with open(argv[2]) as f:
        catalog_sql = f.read()
    return argv[3], catalog_sql, tempfile.mkdtemp(prefix=tmp_prefix)


def expect(cond, what, detail=""):
    """Records (and prints) a failure named `what` unless cond."""
    if not cond:
        FAILURES.append(what)
        print("FAIL", what, file=sys.stderr)
        if detail:
            print(detail, file=sys.stderr)


def finish(tests, tmp, passed):
    """Runs the test functions, removes tmp, then exits 1 if an expect()
    failed, else prints `passed`."""
    try:
        for test in tests:
            test()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILURES:
        print("%d failure(s)" % len(FAILURES), file=sys.stderr)
        sys.exit(1)
    print(passed)


def url(db):
    """DATABASE_URL with another database name."""
    return re.sub(r"^(postgresql://[^/]*/)[^?]*", r"\g<1>" + db, BASE)


def psql(db, sql):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url(db)],
                       input=sql, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("psql on %s failed: %s\n%s" % (db, r.stderr, sql[:2000]))
    return r.stdout


def schemac(*args):
    return subprocess.run([SCHEMAC] + list(args), capture_output=True, text=True)


def fresh(db, template=None):
    psql("postgres", "DROP DATABASE IF EXISTS %s" % db)
    psql("postgres", "CREATE DATABASE %s%s" % (db, " TEMPLATE " + template if template else ""))


def apply_schema(db, path):
    """`schemac sql` of path, run on db."""
    r = schemac("sql", "--create-roles", path)
    if r.returncode:
        raise RuntimeError("schemac sql %s: %s" % (path, r.stderr))
    psql(db, r.stdout)


def repair_sql(check_output):
    """The SQL part of a `schemac check` report."""
    return check_output.split("-- SQL that brings the database to the models:\n", 1)[1]


def round_trip(expect, what, path, db, rt, out, catalog_sql, schemas=()):
    """A schema applied to db: `check` exits 0 and the online diff both ways
    is empty; inspected into out without warnings, the inspected YAML
    checks clean and is canonical, and its `schemac sql` makes, in rt, the
    same catalog (catalog_sql) as db. expect(cond, what, detail) records.
    `schemas`: the PostgreSQL schemas inspect and check read (--schema)."""
    read = [a for s in schemas for a in ("--schema", s)]
    fresh(db)
    apply_schema(db, path)
    r = schemac("check", "--db", url(db), *read, path)
    expect(r.returncode == 0 and "matches" in r.stdout, "%s: check exits 0" % what,
           r.stdout + r.stderr)
    r = schemac("diff", "--from", "db:" + url(db), "--to", path)
    expect(r.returncode == 0 and r.stdout == "", "%s: diff --from db: is empty" % what,
           r.stdout + r.stderr)
    r = schemac("diff", "--from", path, "--to", "db:" + url(db))
    expect(r.returncode == 0 and r.stdout == "", "%s: diff --to db: is empty" % what,
           r.stdout + r.stderr)
    r = schemac("inspect", "--db", url(db), *read, "-o", out)
    expect(r.returncode == 0 and "warning" not in r.stderr,
           "%s: inspect writes without warnings" % what, r.stderr)
    if r.returncode:
        return
    r = schemac("check", "--db", url(db), *read, out)
    expect(r.returncode == 0, "%s: the inspected YAML checks clean" % what, r.stdout + r.stderr)
    r = schemac("fmt", "--check", out)
    expect(r.returncode == 0, "%s: inspect writes canonical YAML" % what, r.stdout + r.stderr)
    fresh(rt)
    apply_schema(rt, out)
    a, b = psql(db, catalog_sql), psql(rt, catalog_sql)
    expect(a == b, "%s: sql of the inspected YAML makes the same catalog" % what,
           "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), "inspected",
                                          "rebuilt", lineterm="")))
