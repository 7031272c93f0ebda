#!/usr/bin/env python3
"""Migration exactness against a real PostgreSQL (DATABASE_URL, from with_pg).

Each scenario is a directory of schema versions v1, v2, ... (a .yaml file or a
directory each). For every version a fresh database is built with
`schemac sql`; a second database is migrated step by step with `schemac diff`.
After every step the migrated catalog must equal the fresh one, down must
restore the previous catalog, up again must match the first up, and the plan
from a version to itself must be empty. Optional vN.seed.sql runs once vN is
reached; vN.check.sql (DO blocks that raise on failure) runs after the step
that reaches vN, proving rows survived.

usage: test_scenarios.py SCHEMAC CATALOG_SQL DIR...
(a DIR without versions of its own is a folder of scenarios)
"""
import os
import re
import subprocess
import sys

SCHEMAC, CATALOG = sys.argv[1], sys.argv[2]
BASE = os.environ["DATABASE_URL"]
failures = []
passed = 0


def conninfo(db):
    m = re.match(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(.*)$", BASE)
    if m:
        return m.group(1) + "/" + db + m.group(3)
    return BASE + " dbname=" + db


def psql(db, sql=None, file=None, single_transaction=True):
    args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo(db)]
    if single_transaction:
        args.append("-1")
    if file:
        args += ["-f", file]
    r = subprocess.run(args, input=sql, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("psql failed on %s: %s\n%s" % (db, r.stderr.strip(), (sql or file or "")[:4000]))
    return r.stdout


def schemac(*args):
    r = subprocess.run([SCHEMAC, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("schemac %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def catalog(db):
    return psql(db, file=CATALOG, single_transaction=False)


def show_difference(a, b):
    la, lb = set(a.splitlines()), set(b.splitlines())
    out = ["  only in migrated: " + l for l in sorted(la - lb)]
    out += ["  only in fresh:    " + l for l in sorted(lb - la)]
    return "\n".join(out[:40])


def versions(scenario):
    found = []
    for name in os.listdir(scenario):
        m = re.match(r"^v(\d+)(\.yaml)?$", name)
        if m:
            found.append((int(m.group(1)), os.path.join(scenario, name)))
    return [p for _, p in sorted(found)]


def extra(scenario, i, kind):
    path = os.path.join(scenario, "v%d.%s.sql" % (i, kind))
    return path if os.path.exists(path) else None


def run(scenario, serial):
    name = os.path.basename(scenario.rstrip("/"))
    vs = versions(scenario)
    prefix = "sc%d_%d" % (os.getpid(), serial)
    dbs = []
    try:
        fresh = []
        for i, v in enumerate(vs, 1):
            db = "%s_f%d" % (prefix, i)
            psql("postgres", "CREATE DATABASE %s" % db, single_transaction=False)
            dbs.append(db)
            psql(db, schemac("sql", v))
            fresh.append(catalog(db))
        mig = prefix + "_m"
        psql("postgres", "CREATE DATABASE %s" % mig, single_transaction=False)
        dbs.append(mig)
        psql(mig, schemac("diff", "--from", "empty", "--to", vs[0]))
        got = catalog(mig)
        check(got == fresh[0], "%s: v1 from empty equals schemac sql\n%s" % (name, show_difference(got, fresh[0])))
        if extra(scenario, 1, "seed"):
            psql(mig, file=extra(scenario, 1, "seed"))
        for i in range(1, len(vs)):
            a, b = vs[i - 1], vs[i]
            step = "%s: v%d -> v%d" % (name, i, i + 1)
            up = schemac("diff", "--from", a, "--to", b)
            down = schemac("diff", "--from", a, "--to", b, "--down")
            check(up.strip() != "", step + ": the plan is not empty")
            psql(mig, up)
            got = catalog(mig)
            check(got == fresh[i], step + ": migrated catalog equals fresh\n" + show_difference(got, fresh[i]))
            if extra(scenario, i + 1, "check"):
                psql(mig, file=extra(scenario, i + 1, "check"))
                check(True, step + ": data checks")
            check(schemac("diff", "--from", b, "--to", b).strip() == "", step + ": replanning the head is empty")
            psql(mig, down)
            got = catalog(mig)
            check(got == fresh[i - 1], step + ": down restores the previous catalog\n" + show_difference(got, fresh[i - 1]))
            psql(mig, up)
            got = catalog(mig)
            check(got == fresh[i], step + ": up after down equals the first up\n" + show_difference(got, fresh[i]))
            if extra(scenario, i + 1, "seed"):
                psql(mig, file=extra(scenario, i + 1, "seed"))
    except RuntimeError as e:
        check(False, "%s: %s" % (name, e))
    finally:
        for db in dbs:
            try:
                psql("postgres", "DROP DATABASE IF EXISTS %s" % db, single_transaction=False)
            except RuntimeError:
                pass


scenarios = []
for arg in sys.argv[3:]:
    if versions(arg):
        scenarios.append(arg)
    else:
        scenarios += [os.path.join(arg, d) for d in sorted(os.listdir(arg))
                      if os.path.isdir(os.path.join(arg, d))]
for n, s in enumerate(scenarios):
    run(s, n)
print("%d passed, %d failed" % (passed, len(failures)))
sys.exit(1 if failures else 0)
