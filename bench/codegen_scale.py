#!/usr/bin/env python3
"""Measures what the generated C costs a build, at 100 to 10,000 tables.

For each size it writes a synthetic schema (gen_schema.py), then:
  generate  `schemac generate -o DIR`: wall and CPU seconds, CPU milliseconds
            per table (flat when generate is linear), peak memory, the
            largest output file and peak / largest (the memory model's figure);
  code      bytes and lines of C (.c and .h) per table: the total divided by
            the tables, and the median over the schema files' C (NAME.FILE.h
            and .c, divided by the file's tables) when the layout has them;
  compile   `CC -O2 -c` of every .c in DIR, JOBS at a time, as a build would:
            wall seconds, the largest peak memory of one compiler process,
            and the CPU seconds of all of them (over JOBS: the wall time of
            an idle machine);
  edit      one column added to one table, generate again, and recompile
            only the objects whose inputs changed (the .d files gcc writes
            tell which, as ninja does): wall seconds, of which generate's,
            and objects rebuilt;
  include   a file that includes the header of one table compiled alone
            (its schema file's header, else the umbrella bench.h).
It also compiles bench/crud/baseline.c (hand-written libpq CRUD of one table)
in the same run and prints compile seconds per table as a ratio to it, which
the machine's load disturbs less than seconds.

  codegen_scale.py SCHEMAC [--sizes 100,300,1000] [--jobs 2] [--cc gcc] [--keep DIR]
                   [--tables-per-file N] [--no-compile]

--no-compile stops after generate and code (the compile, edit and include
columns are then 0).

With several sizes it ends with generate's CPU time and peak memory at the
largest size over the smallest, beside the ratio of their tables (what
linear would give).

--tables-per-file N writes the schema as files of N tables (gen_schema.py
--files), as a project of that size would be split; 0 (the default) is one
file.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, cwd=None):
    """(wall seconds, peak MB, cpu seconds) of one run of cmd; exits on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[-4000:]}")
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def pq_cflags():
    try:
        out = subprocess.run(["pkg-config", "--cflags", "libpq"], check=True,
                             capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = []
    return out or ["-I/usr/include/postgresql"]


def compile_one(cc, flags, src, obj):
    return run([cc] + flags + ["-MD", "-MF", obj + ".d", "-c", src, "-o", obj])


def deps_of(obj):
    """The files gcc's depfile for obj names (the source first)."""
    with open(obj + ".d") as f:
        text = f.read().replace("\\\n", " ")
    return text.split(":", 1)[1].split()


def compile_all(cc, flags, srcs, objdir, jobs):
    """Compiles srcs in parallel: (wall seconds, largest peak MB, CPU seconds
    of all the compilers)."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(
            lambda s: compile_one(cc, flags, s, os.path.join(objdir, os.path.basename(s) + ".o")),
            srcs))
    return (time.perf_counter() - start, max((r[1] for r in results), default=0.0),
            sum(r[2] for r in results))


def stale_objects(srcs, objdir):
    stale = []
    for s in srcs:
        obj = os.path.join(objdir, os.path.basename(s) + ".o")
        if not os.path.exists(obj):
            stale.append(s)
            continue
        built = os.stat(obj).st_mtime_ns
        if any(not os.path.exists(d) or os.stat(d).st_mtime_ns > built for d in deps_of(obj)):
            stale.append(s)
    return stale


def code_size(outdir, tables, tables_of_file):
    """Totals of the C output, and per table the bytes of its schema file's
    C (NAME.FILE.h and .c) over the file's tables, where the layout has them."""
    total_bytes = total_lines = 0
    per_file = {}
    for name in sorted(os.listdir(outdir)):
        if not name.endswith((".c", ".h")):
            continue
        with open(os.path.join(outdir, name), "rb") as f:
            data = f.read()
        total_bytes += len(data)
        total_lines += data.count(b"\n")
        parts = name.split(".")
        if len(parts) == 3 and parts[1] in tables_of_file:
            b, l = per_file.get(parts[1], (0, 0))
            per_file[parts[1]] = (b + len(data), l + data.count(b"\n"))
    per_table = []
    for stem, (b, l) in per_file.items():
        n = tables_of_file[stem]
        if n:
            per_table += [(b / n, l / n)] * n
    return total_bytes, total_lines, per_table


def add_column(schema_files, table):
    marker = f"  {table}:\n"
    for schema_file in schema_files:
        with open(schema_file) as f:
            text = f.read()
        if marker in text:
            break
    start = text.index(marker)
    columns = text.index("    columns:\n", start) + len("    columns:\n")
    text = text[:columns] + "      edited_note: { type: text, nullable: true }\n" + text[columns:]
    with open(schema_file, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schemac")
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    parser.add_argument("--keep", help="keep the generated projects under this directory")
    parser.add_argument("--tables-per-file", type=int, default=0)
    parser.add_argument("--no-compile", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = args.keep or tempfile.mkdtemp(prefix="schemac-scale-")
    os.makedirs(tmp, exist_ok=True)
    flags = ["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror"] + pq_cflags()

    base_obj = os.path.join(tmp, "baseline.o")
    base = min(run([args.cc] + flags + ["-I", os.path.join(HERE, "crud"), "-c",
                                        os.path.join(HERE, "crud", "baseline.c"), "-o", base_obj])[0]
               for _ in range(3))
    print(f"baseline: {args.cc} -O2 of bench/crud/baseline.c (one hand-written table): "
          f"{base:.3f} s")
    print(f"{'tables':>7} | {'gen s':>6} {'cpu s':>6} {'ms/table':>8} {'gen MB':>7} {'largest MB':>10} "
          f"{'peak/largest':>12} | "
          f"{'B/table':>8} {'lines/table':>11} {'median B':>8} {'median L':>8} | {'cc s':>7} {'cc MB':>6} "
          f"{'s/table/base':>12} {'cc cpu s':>8} | {'edit s':>6} {'gen s':>6} {'rebuilt':>7} | "
          f"{'include s':>9}")
    rows, gens = {}, {}
    for n in sizes:
        work = os.path.join(tmp, f"t{n}")
        shutil.rmtree(work, ignore_errors=True)
        out = os.path.join(work, "out")
        objs = os.path.join(work, "obj")
        os.makedirs(out)
        os.makedirs(objs)
        if args.tables_per_file:
            schema = os.path.join(work, "schema")
            files = -(-n // args.tables_per_file)
            subprocess.run([sys.executable, os.path.join(HERE, "gen_schema.py"), str(n), schema,
                            "--files", str(files)], check=True)
            schema_files = sorted(os.path.join(schema, f) for f in os.listdir(schema))
        else:
            schema = os.path.join(work, "schema.yaml")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_schema.py"), str(n), schema],
                           check=True)
            schema_files = [schema]
        tables, tables_of_file = [], {}
        for path in schema_files:
            with open(path) as f:
                found = re.findall(r"^  (t\d{5}_\w+):$", f.read(), re.M)
            tables += found
            tables_of_file[os.path.basename(path).rsplit(".", 1)[0]] = len(found)
        gen = [args.schemac, "generate", "-o", out, schema]
        g_wall, g_mb, g_cpu = run(gen)
        gens[n] = (g_cpu, g_mb)
        largest = max(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out)) / 2**20
        total_bytes, total_lines, per_table = code_size(out, tables, tables_of_file)
        median = statistics.median(b for b, _ in per_table) if per_table else 0
        median_lines = statistics.median(l for _, l in per_table) if per_table else 0
        srcs = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".c"))
        cflags = flags + ["-I", out]
        if args.no_compile:
            print(f"{n:>7} | {g_wall:>6.2f} {g_cpu:>6.2f} {g_cpu * 1000 / n:>8.2f} {g_mb:>7.1f} "
                  f"{largest:>10.2f} {g_mb / largest:>12.1f} | "
                  f"{total_bytes / n:>8.0f} {total_lines / n:>11.0f} {median:>8.0f} {median_lines:>8.0f} |")
            sys.stdout.flush()
            continue
        c_wall, c_mb, c_cpu = compile_all(args.cc, cflags, srcs, objs, args.jobs)

        time.sleep(0.01)  # file times must move past the build's
        add_column(schema_files, tables[n // 2])
        start = time.perf_counter()
        e_gen = run(gen)[0]
        stale = stale_objects(srcs, objs)
        for s in stale:
            compile_one(args.cc, cflags, s, os.path.join(objs, os.path.basename(s) + ".o"))
        e_wall = time.perf_counter() - start

        headers = sorted(f for f in os.listdir(out) if f.endswith(".h"))
        first_stem = next(stem for stem, k in tables_of_file.items() if k)
        one = next((h for h in headers if tables[0] in h), None) or next(
            (h for h in headers if h == f"bench.{first_stem}.h"), "bench.h")
        user = os.path.join(work, "user.c")
        with open(user, "w") as f:
            f.write(f'#include "{one}"\nint user_file(void) {{ return 0; }}\n')
        i_wall = run([args.cc] + cflags + ["-c", user, "-o", user + ".o"])[0]

        rows[n] = c_wall
        print(f"{n:>7} | {g_wall:>6.2f} {g_cpu:>6.2f} {g_cpu * 1000 / n:>8.2f} {g_mb:>7.1f} "
              f"{largest:>10.2f} {g_mb / largest:>12.1f} | "
              f"{total_bytes / n:>8.0f} {total_lines / n:>11.0f} {median:>8.0f} {median_lines:>8.0f} | "
              f"{c_wall:>7.2f} {c_mb:>6.0f} {c_wall * args.jobs / n / base:>12.2f} {c_cpu:>8.1f} | "
              f"{e_wall:>6.2f} {e_gen:>6.2f} {len(stale):>3}/{len(srcs):<3} | {i_wall:>9.3f}")
        sys.stdout.flush()
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        print(f"generate {hi:,} / {lo:,} tables: cpu {gens[hi][0] / gens[lo][0]:.1f}, "
              f"peak memory {gens[hi][1] / gens[lo][1]:.1f} ({hi / lo:.0f} is linear)")
    if len(sizes) > 1 and not args.no_compile:
        lo, hi = sizes[0], sizes[-1]
        print(f"compile time {hi:,} / {lo:,} tables: {rows[hi] / rows[lo]:.1f} "
              f"({hi / lo:.0f} is linear)")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
