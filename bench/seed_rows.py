#!/usr/bin/env python3
"""Times `schemac migrate seed` of N rows (default 100,000) against COPY of
the same rows into the same table, on the PostgreSQL of DATABASE_URL (run
it under tests/pg/with_pg). Issue 16: seeding should take about as long as
COPY.

Each contestant starts from an empty table, in its own database made from
the same migration. Reported, best of --runs:
  copy        psql's \\copy of the rows (text format) into the table;
  seed        `migrate seed` of a table with `policy: upsert` (every row
              inserted);
  seed again  the same once more (every row unchanged: nothing written);
  seed sync   `policy: sync` with every row listed (upsert + the delete
              of unlisted rows, which finds none).
and each seed time as a ratio to copy.

  tests/pg/with_pg python3 bench/seed_rows.py SCHEMAC [--rows N] [--runs R]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def model(path, rows, policy):
    with open(path, "w") as f:
        f.write("schemac: 1\nname: bench\ntables:\n  items:\n    columns:\n"
                "      id: { type: bigint, primary_key: true }\n"
                "      code: { type: text, unique: true }\n"
                "      name: text\n      price: \"numeric(10,2)\"\n"
                "      active: boolean\n")
        f.write("    seed:\n      policy: %s\n      rows:\n" % policy)
        for i in range(rows):
            f.write('        - { id: %d, code: c%d, name: "Item %d", price: "%d.%02d", active: %s }\n'
                    % (i + 1, i, i, i % 1000, i % 100, "true" if i % 2 else "false"))


def copy_data(path, rows):
    with open(path, "w") as f:
        for i in range(rows):
            f.write("%d\tc%d\tItem %d\t%d.%02d\t%s\n"
                    % (i + 1, i, i, i % 1000, i % 100, "t" if i % 2 else "f"))


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def timed(*cmd, **kw):
    start = time.perf_counter()
    sh(*cmd, **kw)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schemac")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("seed_rows.py: run it under tests/pg/with_pg (DATABASE_URL is not set)")
    schemac = os.path.abspath(args.schemac)
    best = {}
    with tempfile.TemporaryDirectory() as tmp:
        upsert, sync, data = (os.path.join(tmp, n) for n in ("upsert.yaml", "sync.yaml", "rows.tsv"))
        model(upsert, args.rows, "upsert")
        model(sync, args.rows, "sync")
        copy_data(data, args.rows)
        migrations = os.path.join(tmp, "migrations")
        sh(schemac, "migrate", "new", "-m", "items", "--dir", migrations, upsert)
        for run in range(args.runs):
            db = "schemac_bench_seed_%d" % run
            sh("psql", "-X", "-q", "-c", "DROP DATABASE IF EXISTS %s" % db)
            sh("psql", "-X", "-q", "-c", "CREATE DATABASE %s" % db)
            conn = "dbname=%s" % db
            sh(schemac, "migrate", "up", "--dir", migrations, "--db", conn)
            t = {}
            t["copy"] = timed("psql", "-X", "-q", "-d", db, "-c",
                              "\\copy items FROM '%s'" % data)
            sh("psql", "-X", "-q", "-d", db, "-c", "TRUNCATE items")
            seed = (schemac, "migrate", "seed", "--dir", migrations, "--db", conn)
            t["seed"] = timed(*seed, upsert)
            t["seed again"] = timed(*seed, upsert)
            t["seed sync"] = timed(*seed, sync)
            sh("psql", "-X", "-q", "-c", "DROP DATABASE %s" % db)
            for k, v in t.items():
                best[k] = min(best.get(k, v), v)
    print("%d rows, best of %d runs" % (args.rows, args.runs))
    for k in ("copy", "seed", "seed again", "seed sync"):
        ratio = "" if k == "copy" else "   %.2fx copy" % (best[k] / best["copy"])
        print("  %-11s %7.3f s%s" % (k, best[k], ratio))


if __name__ == "__main__":
    main()
