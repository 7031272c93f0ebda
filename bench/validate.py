#!/usr/bin/env python3
"""Benchmarks `schemac validate --quiet` on synthetic schemas.

Generates schemas of 100, 1,000 and 10,000 tables with gen_schema.py, runs
schemac on each several times and prints, per size: the best wall time of
the runs, the CPU time (user + system) and peak memory (ru_maxrss) of that
run, and the wall time per table; then the 10,000/1,000 time ratio (about
10 when linear). On a shared machine the CPU column is the steadier one.

  validate.py SCHEMAC [--runs N] [--sizes 100,1000,10000] [--files K]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(cmd):
    """Wall seconds, CPU seconds and peak resident MB of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schemac")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--files", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    results = {}
    with tempfile.TemporaryDirectory(prefix="schemac-bench-") as tmp:
        print(f"{'tables':>8} {'seconds':>9} {'cpu s':>7} {'peak MB':>8} {'us/table':>9}"
              f"   (best of {args.runs})")
        for n in sizes:
            target = os.path.join(tmp, f"s{n}" + ("" if args.files > 1 else ".yaml"))
            gen = [sys.executable, os.path.join(HERE, "gen_schema.py"), str(n), target]
            if args.files > 1:
                gen += ["--files", str(args.files)]
            subprocess.run(gen, check=True)
            cmd = [args.schemac, "validate", "--quiet", target]
            best = min(run_once(cmd) for _ in range(args.runs))
            results[n] = best
            print(f"{n:>8} {best[0]:>9.3f} {best[1]:>7.3f} {best[2]:>8.1f} "
                  f"{best[0] / n * 1e6:>9.1f}")
    if 1000 in results and 10000 in results:
        ratio = results[10000][0] / results[1000][0]
        print(f"time 10,000 / 1,000 tables: {ratio:.1f} (10 is linear)")


if __name__ == "__main__":
    main()
