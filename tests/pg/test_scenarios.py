#!/usr/bin/env python3
"""Migration exactness against a real PostgreSQL (DATABASE_URL, from with_pg).

Each scenario is a directory of schema versions v1, v2, ... (a .yaml file or a
directory each). For every version a fresh schema is built with `schemac sql`;
a second database is migrated step by step with `schemac diff`. After every
step the migrated catalog must equal the fresh one, down must restore the
previous catalog, up again must match the first up, and the plan from a
version to itself must be empty. Optional vN.seed.sql runs once vN is
reached; vN.check.sql (DO blocks that raise on failure) runs after the step
that reaches vN, proving rows survived. Roles the schemas grant to are
created (--create-roles): they belong to the cluster, not the database.

Speed: scenarios run in worker processes (SCHEMAC_SCENARIO_JOBS, default the
number of CPUs). A worker talks to the server through libpq (ctypes) over
two connections it keeps: one database where each fresh version is built
and one where a scenario is migrated. Between uses every schema (public and
the namespaces a scenario made) is dropped and public re-created, which is
much cheaper than a new database and leaves nothing the catalog query could
see.

usage: test_scenarios.py SCHEMAC CATALOG_SQL DIR...
(a DIR without versions of its own is a folder of scenarios)
"""
import ctypes
import ctypes.util
import multiprocessing
import os
import re
import subprocess
import sys
import time

SCHEMAC, CATALOG = sys.argv[1], sys.argv[2]
BASE = os.environ["DATABASE_URL"]
with open(CATALOG) as f:
    CATALOG_SQL = f.read()
# Every schema a scenario made goes (namespaces too), then public comes back.
RESET_SQL = """DO $$ DECLARE s name; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname NOT LIKE 'pg\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $$; CREATE SCHEMA public;"""

# ---- libpq through ctypes: no psql process per statement ----

_pq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
_pq.PQconnectdb.restype = ctypes.c_void_p
_pq.PQconnectdb.argtypes = [ctypes.c_char_p]
_pq.PQstatus.argtypes = [ctypes.c_void_p]
_pq.PQerrorMessage.restype = ctypes.c_char_p
_pq.PQerrorMessage.argtypes = [ctypes.c_void_p]
_pq.PQfinish.argtypes = [ctypes.c_void_p]
_pq.PQexec.restype = ctypes.c_void_p
_pq.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_pq.PQresultStatus.argtypes = [ctypes.c_void_p]
_pq.PQresultErrorMessage.restype = ctypes.c_char_p
_pq.PQresultErrorMessage.argtypes = [ctypes.c_void_p]
_pq.PQntuples.argtypes = [ctypes.c_void_p]
_pq.PQgetvalue.restype = ctypes.c_char_p
_pq.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
_pq.PQclear.argtypes = [ctypes.c_void_p]
PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY = 1, 2, 0


class Conn:
    """One libpq connection. exec() sends a whole script as one simple query,
    which PostgreSQL runs as one implicit transaction (like psql -1)."""

    def __init__(self, conninfo):
        self.c = _pq.PQconnectdb(conninfo.encode())
        if not self.c or _pq.PQstatus(self.c) != 0:
            msg = _pq.PQerrorMessage(self.c).decode() if self.c else "out of memory"
            raise RuntimeError("cannot connect to %s: %s" % (conninfo, msg))
        self.exec("SET client_min_messages = warning")

    def exec(self, sql, what=None):
        res = _pq.PQexec(self.c, sql.encode())
        try:
            st = _pq.PQresultStatus(res) if res else -1
            if st not in (PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY):
                msg = (_pq.PQresultErrorMessage(res) if res else _pq.PQerrorMessage(self.c))
                raise RuntimeError("SQL failed: %s\n%s" % (msg.decode().strip(), what or sql[:4000]))
            if st != PGRES_TUPLES_OK:
                return []
            return [_pq.PQgetvalue(res, i, 0).decode() for i in range(_pq.PQntuples(res))]
        finally:
            _pq.PQclear(res)

    def close(self):
        _pq.PQfinish(self.c)


def conninfo(db):
    m = re.match(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(.*)$", BASE)
    if m:
        return m.group(1) + "/" + db + m.group(3)
    return BASE + " dbname=" + db


def schemac(*args):
    r = subprocess.run([SCHEMAC, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("schemac %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout


def read(path):
    with open(path) as f:
        return f.read()


def catalog(conn):
    return "\n".join(conn.exec(CATALOG_SQL)) + "\n"


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


class Result:
    def __init__(self, name):
        self.name, self.passed, self.failures = name, 0, []

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)


def run(scenario, fresh_db, mig):
    name = os.path.basename(scenario.rstrip("/"))
    r = Result(name)
    vs = versions(scenario)
    try:
        fresh = []
        for v in vs:
            fresh_db.exec(RESET_SQL)
            fresh_db.exec(schemac("sql", "--create-roles", v), "schemac sql " + v)
            fresh.append(catalog(fresh_db))
        mig.exec(RESET_SQL)
        mig.exec(schemac("diff", "--create-roles", "--from", "empty", "--to", vs[0]),
                 "diff empty -> v1")
        got = catalog(mig)
        r.check(got == fresh[0], "%s: v1 from empty equals schemac sql\n%s" % (name, show_difference(got, fresh[0])))
        if extra(scenario, 1, "seed"):
            mig.exec(read(extra(scenario, 1, "seed")), "v1.seed.sql")
        for i in range(1, len(vs)):
            a, b = vs[i - 1], vs[i]
            step = "%s: v%d -> v%d" % (name, i, i + 1)
            up = schemac("diff", "--create-roles", "--from", a, "--to", b)
            down = schemac("diff", "--create-roles", "--from", a, "--to", b, "--down")
            r.check(up.strip() != "", step + ": the plan is not empty")
            mig.exec(up, step + " up:\n" + up)
            got = catalog(mig)
            r.check(got == fresh[i], step + ": migrated catalog equals fresh\n" + show_difference(got, fresh[i]))
            if extra(scenario, i + 1, "check"):
                mig.exec(read(extra(scenario, i + 1, "check")), step + ": v%d.check.sql" % (i + 1))
                r.check(True, step + ": data checks")
            r.check(schemac("diff", "--from", b, "--to", b).strip() == "", step + ": replanning the head is empty")
            mig.exec(down, step + " down:\n" + down)
            got = catalog(mig)
            r.check(got == fresh[i - 1], step + ": down restores the previous catalog\n" + show_difference(got, fresh[i - 1]))
            mig.exec(up, step + " up again:\n" + up)
            got = catalog(mig)
            r.check(got == fresh[i], step + ": up after down equals the first up\n" + show_difference(got, fresh[i]))
            if extra(scenario, i + 1, "seed"):
                mig.exec(read(extra(scenario, i + 1, "seed")), "v%d.seed.sql" % (i + 1))
    except RuntimeError as e:
        r.check(False, "%s: %s" % (name, e))
    return r


# ---- workers: each owns two databases for its whole life ----

_worker = {}


def worker_start(counter):
    with counter.get_lock():
        n = counter.value
        counter.value += 1
    admin = Conn(conninfo("postgres"))
    dbs = ["sc%d_w%d_fresh" % (os.getppid(), n), "sc%d_w%d_mig" % (os.getppid(), n)]
    for db in dbs:
        admin.exec("DROP DATABASE IF EXISTS %s" % db)
        admin.exec("CREATE DATABASE %s" % db)
    admin.close()
    _worker["conns"] = [Conn(conninfo(db)) for db in dbs]


def worker_run(scenario):
    t = time.time()
    r = run(scenario, *_worker["conns"])
    r.seconds = time.time() - t
    return r


def main():
    scenarios = []
    for arg in sys.argv[3:]:
        if versions(arg):
            scenarios.append(arg)
        else:
            scenarios += [os.path.join(arg, d) for d in sorted(os.listdir(arg))
                          if os.path.isdir(os.path.join(arg, d))]
    jobs = int(os.environ.get("SCHEMAC_SCENARIO_JOBS") or os.cpu_count() or 1)
    jobs = max(1, min(jobs, len(scenarios)))
    counter = multiprocessing.Value("i", 0)
    start = time.time()
    passed, failures = 0, []
    # Longest scenarios first keeps both workers busy until the end.
    order = sorted(scenarios, key=lambda s: -len(versions(s)))
    try:
        with multiprocessing.Pool(jobs, initializer=worker_start, initargs=(counter,)) as pool:
            for r in pool.imap_unordered(worker_run, order):
                passed += r.passed
                failures += r.failures
                print("%-28s %3d passed %2d failed %5.1fs" % (r.name, r.passed, len(r.failures), r.seconds))
                for f in r.failures:
                    print("FAIL:", f, file=sys.stderr)
                sys.stdout.flush()
    finally:
        # The workers' databases, also after a crash (on a shared server).
        admin = Conn(conninfo("postgres"))
        for row in admin.exec("SELECT datname FROM pg_database WHERE datname LIKE 'sc%d\\_w%%'" % os.getpid()):
            admin.exec("DROP DATABASE IF EXISTS %s WITH (FORCE)" % row)
        admin.close()
    print("%d scenarios, %d passed, %d failed in %.1fs with %d jobs"
          % (len(scenarios), passed, len(failures), time.time() - start, jobs))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
