"""What the live-database tests share (test_live.py, test_live_changes.py,
test_live_v2.py): databases named on the server of DATABASE_URL, psql,
and the schemac under test (set SCHEMAC before calling schemac())."""
import os
import re
import subprocess

BASE = os.environ["DATABASE_URL"]
SCHEMAC = None


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
