#!/usr/bin/env python3
"""Live-database speed: `schemac inspect` and `schemac check` on a database
of N tables (gen_schema.py, made with `schemac sql`), against
`pg_dump --schema-only` and Alembic's autogenerate comparison.

Run under tests/pg/with_pg (DATABASE_URL). Times are wall seconds, the
median of --runs (the best in brackets), each the whole process a user runs:
  inspect   schemac inspect --db URL -o DIR
  pg_dump   pg_dump --schema-only (the same database)
  check     schemac check --db URL MODELS (clean: nothing differs)
  alembic   python3: load the SQLAlchemy models of the same tables (made
            once by reflecting the database, then pickled, which is
            cheaper than importing a models module), connect, and run
            alembic.autogenerate.compare_metadata
Queries: schemac counts its own round trips; Alembic's are counted with a
SQLAlchemy before_cursor_execute listener in a separate, untimed run.

  live.py SCHEMAC [--tables 1000] [--runs 3] [--python /usr/bin/python3]
"""
import argparse
import os
import statistics
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.environ["DATABASE_URL"]

ALEMBIC = r"""
import pickle, sys, time
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
url, models, count = sys.argv[1], sys.argv[2], sys.argv[3] == "count"
with open(models, "rb") as f:
    metadata = pickle.load(f)
engine = sa.create_engine(url)
queries = [0]
if count:
    @sa.event.listens_for(engine, "before_cursor_execute")
    def _count(*args):
        queries[0] += 1
with engine.connect() as conn:
    diff = compare_metadata(MigrationContext.configure(conn), metadata)
print(len(diff), queries[0])
"""

REFLECT = r"""
import pickle, sys
import sqlalchemy as sa
engine = sa.create_engine(sys.argv[1])
metadata = sa.MetaData()
metadata.reflect(engine)
with open(sys.argv[2], "wb") as f:
    pickle.dump(metadata, f)
"""


def url(db):
    return re.sub(r"^(postgresql://[^/]*/)[^?]*", r"\g<1>" + db, BASE)


def sqlalchemy_url(db):
    """psycopg2 takes the libpq URL as it is."""
    return "postgresql+psycopg2://" + url(db)[len("postgresql://"):]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("%s failed (%d):\n%s%s" % (" ".join(cmd[:3]), r.returncode, r.stdout, r.stderr))
    return r


def timed(cmd, runs):
    """(median, best) wall seconds of `runs` runs, and the last run's output."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = run(cmd)
        times.append(time.perf_counter() - start)
    return (statistics.median(times), min(times)), out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("schemac")
    p.add_argument("--tables", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--python", default="/usr/bin/python3",
                   help="the Python that has Debian's python3-alembic and python3-sqlalchemy")
    a = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="schemac-bench-live-")
    models = os.path.join(tmp, "models.yaml")
    run([sys.executable, os.path.join(HERE, "gen_schema.py"), str(a.tables), models])
    run(["psql", "-X", "-q", "-d", BASE, "-c", "DROP DATABASE IF EXISTS bench_live",
         "-c", "CREATE DATABASE bench_live"])
    script = run([a.schemac, "sql", models]).stdout
    run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url("bench_live")], input=script)

    out = os.path.join(tmp, "inspected")
    t_inspect, r = timed([a.schemac, "inspect", "--db", url("bench_live"), "-o", out], a.runs)
    q_inspect = int(re.search(r"\((\d+) queries\)", r.stderr).group(1))
    t_dump, _ = timed(["pg_dump", "--schema-only", "-d", url("bench_live"), "-f",
                      os.path.join(tmp, "dump.sql")], a.runs)
    t_check, r = timed([a.schemac, "check", "--db", url("bench_live"), models], a.runs)
    q_check = int(re.search(r"; (\d+) queries\)", r.stdout).group(1))

    pickled = os.path.join(tmp, "models.pickle")
    run([a.python, "-c", REFLECT, sqlalchemy_url("bench_live"), pickled])
    t_alembic, r = timed([a.python, "-c", ALEMBIC, sqlalchemy_url("bench_live"), pickled,
                         "time"], a.runs)
    alembic_diffs = int(r.stdout.split()[0])
    r = run([a.python, "-c", ALEMBIC, sqlalchemy_url("bench_live"), pickled, "count"])
    q_alembic = int(r.stdout.split()[1])

    print(f"live databases, {a.tables} tables (median of {a.runs}, best in brackets; "
          f"load {os.getloadavg()[0]:.1f}):")
    print(f"  schemac inspect        {t_inspect[0]:8.3f} s ({t_inspect[1]:.3f})  "
          f"{q_inspect:6d} queries")
    print(f"  pg_dump --schema-only  {t_dump[0]:8.3f} s ({t_dump[1]:.3f})")
    print(f"  inspect / pg_dump      {t_inspect[0] / t_dump[0]:8.3f}  (goal: at most 0.5)")
    print(f"  schemac check          {t_check[0]:8.3f} s ({t_check[1]:.3f})  {q_check:6d} queries")
    print(f"  alembic compare        {t_alembic[0]:8.3f} s ({t_alembic[1]:.3f})  "
          f"{q_alembic:6d} queries ({alembic_diffs} differences it reports)")
    print(f"  alembic / check        {t_alembic[0] / t_check[0]:8.1f}  (goal: at least 50)")
    run(["psql", "-X", "-q", "-d", BASE, "-c", "DROP DATABASE bench_live"])


if __name__ == "__main__":
    main()
