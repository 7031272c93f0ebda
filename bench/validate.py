#!/usr/bin/env python3
"""Benchmarks `schemac validate --quiet` on synthetic schemas.

Generates schemas of 100, 1,000 and 10,000 tables with gen_schema.py, runs
schemac on each several times and prints, per size: the best wall time of
the runs, that run's CPU time (user + system: less disturbed than wall
time on a shared machine), its peak memory (the child's ru_maxrss), and the
time per table; then the 10,000/1,000 time ratio (about 10 when linear).

With --baseline YAML_SCAN it also times bench/yaml_scan (libyaml reading
the same files, nothing else) in the same run and prints schemac's ratio
to it, which the machine's speed and load affect far less than seconds.

  validate.py SCHEMAC [--baseline YAML_SCAN] [--runs N] [--sizes 100,1000,10000] [--files K]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(cmd):
    """Wall seconds and peak resident MB of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schemac")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--baseline")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    results = {}
    with tempfile.TemporaryDirectory(prefix="schemac-bench-") as tmp:
        print(f"{'tables':>8} {'seconds':>9} {'cpu s':>7} {'peak MB':>8} {'us/table':>9}"
              + (f" {'scan s':>8} {'ratio':>6}" if args.baseline else "")
              + f"   (best of {args.runs})")
        for n in sizes:
            target = os.path.join(tmp, f"s{n}" + ("" if args.files > 1 else ".yaml"))
            gen = [sys.executable, os.path.join(HERE, "gen_schema.py"), str(n), target]
            if args.files > 1:
                gen += ["--files", str(args.files)]
            subprocess.run(gen, check=True)
            cmd = [args.schemac, "validate", "--quiet", target]
            best = min(run_once(cmd) for _ in range(args.runs))
            results[n] = best
            line = f"{n:>8} {best[0]:>9.3f} {best[2]:>7.3f} {best[1]:>8.1f} {best[0] / n * 1e6:>9.1f}"
            if args.baseline:
                files = [target] if args.files <= 1 else [
                    os.path.join(d, f) for d, _, fs in os.walk(target) for f in fs]
                scan = min(run_once([args.baseline] + files) for _ in range(args.runs))[0]
                line += f" {scan:>8.3f} {best[0] / scan:>6.2f}"
            print(line)
    if 1000 in results and 10000 in results:
        ratio = results[10000][0] / results[1000][0]
        print(f"time 10,000 / 1,000 tables: {ratio:.1f} (10 is linear)")


if __name__ == "__main__":
    main()
