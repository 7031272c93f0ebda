#!/usr/bin/env python3
"""Writes a synthetic schema of N tables for benchmarks.

Each table has about ten columns across the built-in types, an enum column,
one or two foreign keys to earlier tables, a unique key and two indexes.
The output depends only on the arguments (the random generator is seeded).

  gen_schema.py TABLES OUT            one file OUT
  gen_schema.py TABLES OUT --files K  K files OUT/part_NNN.yaml, one schema
"""
import argparse
import os
import random

ENUMS = 20
TYPES = [
    ("integer", "0"),
    ("smallint", "1"),
    ("text", None),
    ("varchar(120)", None),
    ('"numeric(12,2)"', "0"),
    ("boolean", "false"),
    ("date", None),
    ("timestamptz", None),
    ("jsonb", None),
    ("uuid", None),
    ("double precision", "0.5"),
    ("bytea", None),
]


def table_name(i):
    return f"t{i:05d}_{['item', 'order', 'user', 'note', 'event'][i % 5]}"


def enums_yaml():
    lines = ["enums:"]
    for e in range(ENUMS):
        values = ", ".join(f"v{e}_{k}" for k in range(4))
        lines.append(f"  state_{e:02d}: [{values}]")
    return lines


def table_yaml(i, rng):
    name = table_name(i)
    lines = [f"  {name}:"]
    if i % 3 == 0:
        lines.append("    timestamps: true")
    if i % 7 == 0:
        lines.append("    soft_delete: true")
    lines.append("    columns:")
    lines.append("      id: { type: bigserial, primary_key: true }")
    lines.append("      code: { type: varchar(40), unique: true }")
    lines.append("      name: varchar(100)")
    enum = rng.randrange(ENUMS)
    lines.append(f"      state: {{ type: state_{enum:02d}, default: v{enum}_0 }}")
    for k in range(5):
        sql_type, default = TYPES[rng.randrange(len(TYPES))]
        column = f"c{k}"
        if default is not None:
            lines.append(f"      {column}: {{ type: {sql_type}, default: {default} }}")
        else:
            lines.append(f"      {column}: {{ type: {sql_type}, nullable: true }}")
    if i > 0:
        for k in range(1 + (i % 2)):
            target = table_name(rng.randrange(i))
            action = ["cascade", "restrict", "set_null", "no_action"][rng.randrange(4)]
            lines.append(
                f"      ref{k}_id: {{ type: bigint, nullable: true, references: {target}.id, "
                f"on_delete: {action} }}"
            )
    lines.append("    indexes:")
    lines.append("      - columns: [name]")
    lines.append("      - { columns: [state, c0] }")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", type=int)
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tables = [table_yaml(i, rng) for i in range(args.tables)]
    header = ["schemac: 1", "name: bench"]
    if args.files == 1:
        with open(args.out, "w") as f:
            f.write("\n".join(header + enums_yaml() + ["tables:"] + sum(tables, [])) + "\n")
        return
    os.makedirs(args.out, exist_ok=True)
    per_file = -(-args.tables // args.files)
    for k in range(args.files):
        part = tables[k * per_file:(k + 1) * per_file]
        lines = header + (enums_yaml() if k == 0 else [])
        if part:
            lines += ["tables:"] + sum(part, [])
        with open(os.path.join(args.out, f"part_{k:03d}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
