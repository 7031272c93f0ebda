#!/usr/bin/env python3
"""Benchmarks `schemac sql` and `schemac diff` on synthetic schemas.

For 100, 1,000 and 10,000 tables (gen_schema.py) it times, best of N runs:
  sql    the creation script of one schema;
  diff   the migration between that schema and a copy in which 5% of the
         columns changed type;
  scan   the baseline: libyaml reading the same files and doing nothing
         else (bench/yaml_scan), measured in the same run.
It prints wall seconds, CPU seconds (user + system), peak MB, µs per table, each command's ratio to its
baseline (sql: one file scanned; diff: both files scanned) and the
10,000 / 1,000 time ratio (about 10 when linear).

  planner.py SCHEMAC YAML_SCAN [--runs N] [--sizes 100,1000,10000]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def best(cmd, runs):
    return min(run_once(cmd) for _ in range(runs))


def mutate(src, dst):
    """Changes the type of every 20th plain column (cN, not a key or a
    reference) to nullable text: 5% of the columns differ."""
    out, n = [], 0
    for line in open(src):
        m = re.match(r"^(      c\d+): ", line)
        if m and "references" not in line:
            n += 1
            if n % 20 == 0:
                line = m.group(1) + ": { type: text, nullable: true }\n"
        out.append(line)
    with open(dst, "w") as f:
        f.writelines(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("schemac")
    p.add_argument("yaml_scan")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--sizes", default="100,1000,10000")
    args = p.parse_args()
    times = {}
    with tempfile.TemporaryDirectory(prefix="schemac-bench-") as tmp:
        print(f"{'tables':>7} {'command':>7} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'us/table':>9} "
              f"{'baseline s':>10} {'ratio':>6}   (best of {args.runs})")
        for n in [int(s) for s in args.sizes.split(",")]:
            a = os.path.join(tmp, f"a{n}.yaml")
            b = os.path.join(tmp, f"b{n}.yaml")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_schema.py"), str(n), a],
                           check=True)
            mutate(a, b)
            rows = [
                ("sql", [args.schemac, "sql", a], [args.yaml_scan, a]),
                ("diff", [args.schemac, "diff", "--from", a, "--to", b],
                 [args.yaml_scan, a, b]),
            ]
            for name, cmd, base in rows:
                # Alternate the command and its baseline to share the noise.
                t, mb, cpu = best(cmd, args.runs)
                bt, _, _ = best(base, args.runs)
                times[(name, n)] = t
                print(f"{n:>7} {name:>7} {t:>8.3f} {cpu:>7.3f} {mb:>8.1f} {t / n * 1e6:>9.1f} "
                      f"{bt:>10.3f} {t / bt:>6.2f}")
    for name in ("sql", "diff"):
        if (name, 1000) in times and (name, 10000) in times:
            print(f"{name}: time 10,000 / 1,000 tables: "
                  f"{times[(name, 10000)] / times[(name, 1000)]:.1f} (10 is linear)")


if __name__ == "__main__":
    main()
