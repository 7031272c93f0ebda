#!/usr/bin/env python3
"""Times `schemac diff` on one enum of many values (issue 11: the diff and
the plan were quadratic in them).

Cases, for N values (default 20,000) v00000, v00001, ...:
  reorder   all N values, then the same reversed (the type is rebuilt);
  between   every other value, then all N (N/2 values added between);
  front     the second half, then all N (N/2 values added in front);
  remove    all N, then every other value (--down of `between`).
Prints the best wall time of --runs runs per case; a case slower than
--timeout seconds is reported as such and not retried.

  enum_values.py SCHEMAC [--values N] [--runs R] [--timeout S]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def schema(path, values):
    with open(path, "w") as f:
        f.write("schemac: 1\nname: big\nenums:\n  e: [%s]\n" % ", ".join(values))
        f.write("tables:\n  t:\n    columns:\n"
                "      id: { type: integer, primary_key: true }\n      x: e\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schemac")
    ap.add_argument("--values", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    n = args.values
    every = ["v%05d" % i for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, values in [("all", every), ("reversed", every[::-1]),
                             ("even", every[::2]), ("late", every[n // 2:])]:
            files[name] = os.path.join(tmp, name + ".yaml")
            schema(files[name], values)
        cases = [("reorder", "all", "reversed", []), ("between", "even", "all", []),
                 ("front", "late", "all", []), ("remove", "even", "all", ["--down"])]
        for name, a, b, extra in cases:
            cmd = [args.schemac, "diff", "--from", files[a], "--to", files[b]] + extra
            best = None
            for _ in range(args.runs):
                start = time.perf_counter()
                try:
                    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True,
                                   timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    best = None
                    break
                took = time.perf_counter() - start
                best = took if best is None or took < best else best
            if best is None:
                print("%-8s %6d values  > %.0f s (timed out)" % (name, n, args.timeout))
            else:
                print("%-8s %6d values  %8.3f s" % (name, n, best))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
