#!/usr/bin/env python3
"""Live databases against a real PostgreSQL (DATABASE_URL, from with_pg):
inspect, check, the online diff, migrate new --db and adoption.

- every example schema: applied, `check` exits 0, `diff --from db:` is
  empty; inspected, the inspected YAML checks clean too, and `schemac sql`
  of it builds a database with the same catalog (tests/pg/catalog.sql);
- a no-false-drift schema (tests/live/no_false_drift.yaml) and its
  inspected YAML check clean;
- drift cases: each is hand-written SQL against a migrated blog database;
  `check` exits 1 and reports the difference, the SQL it prints repairs it
  (`check` exits 0 afterwards);
- warnings name what the language cannot express; three sample databases
  written in SQL (tests/live/samples) round-trip through inspect and
  `schemac sql`, compared with pg_dump;
- adoption: a database made by hand is inspected, a baseline revision is
  written from it, stamped, then a change migrates with `migrate up`;
- passwords never reach the output.

usage: test_live.py SCHEMAC CATALOG_SQL SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import livelib  # noqa: E402
from livelib import apply_schema, expect, fresh, psql, repair_sql, schemac, url  # noqa: E402
ROOT, CATALOG_SQL, TMP = livelib.start(sys.argv, "schemac-live-")


def catalog(db):
    return psql(db, CATALOG_SQL)




# ---- every example schema ----

def test_examples():
    for name in sorted(os.listdir(os.path.join(ROOT, "schemas"))):
        db, rt = "ex_" + name, "rt_" + name
        livelib.round_trip(expect, "example " + name, os.path.join(ROOT, "schemas", name), db, rt,
                           os.path.join(TMP, "inspected_" + name), CATALOG_SQL)
        psql("postgres", "DROP DATABASE IF EXISTS %s; DROP DATABASE IF EXISTS %s" % (db, rt))


def test_fk_indexes():
    # Inspect leaves out the indexes validate makes for foreign keys; where
    # keys lead one another it must keep those validate would not make again.
    path = os.path.join(ROOT, "tests", "live", "fk_indexes.yaml")
    livelib.round_trip(expect, "fk_indexes", path, "fki_src", "fki_rt",
                       os.path.join(TMP, "inspected_fk_indexes"), CATALOG_SQL)
    psql("postgres", "DROP DATABASE IF EXISTS fki_src; DROP DATABASE IF EXISTS fki_rt")


def test_partitions():
    """Partitioned tables (tests/live/partitions.yaml): by range, list and
    hash, a default partition, keys and indexes on the parents, foreign keys
    to and from them; read back as partition_by and partitions."""
    path = os.path.join(ROOT, "tests", "live", "partitions.yaml")
    livelib.round_trip(expect, "partitions", path, "ex_partitions", "rt_partitions",
                       os.path.join(TMP, "inspected_partitions"), CATALOG_SQL)
    with open(os.path.join(TMP, "inspected_partitions", "events.yaml")) as f:
        text = f.read()
    expect("partition_by: { range: [happened_on] }" in text and
           "events_old: { from: [minvalue], to: [2024-01-01] }" in text and
           "events_rest: { default: true }" in text,
           "partitions: inspect writes the key and the partitions", text)


def test_namespaces():
    """Tables in three PostgreSQL schemas (tests/live/namespaces/), two
    of one name, with foreign keys across them: read back into their
    namespaces with `--schema`, one file per table; billing's enum (named
    like public's) and domains too, read back in billing."""
    path = os.path.join(ROOT, "tests", "live", "namespaces")
    livelib.round_trip(expect, "namespaces", path, "ex_namespaces", "rt_namespaces",
                       os.path.join(TMP, "inspected_namespaces"), CATALOG_SQL,
                       ("public", "billing", "audit"))
    out = os.path.join(TMP, "inspected_namespaces")
    expect(sorted(os.listdir(out)) == ["accounts.yaml", "audit.events.yaml",
                                       "billing.accounts.yaml", "billing.enums.yaml",
                                       "billing.payments.yaml", "billing.types.yaml",
                                       "enums.yaml"],
           "namespaces: one file per table, and per namespace for its enums and domains",
           str(os.listdir(out)))
    with open(os.path.join(out, "billing.payments.yaml")) as f:
        text = f.read()
    expect("namespace: billing" in text and "references: accounts.id" in text and
           "references: public.accounts.id" in text,
           "namespaces: references are written from the table's namespace", text)
    with open(os.path.join(out, "billing.accounts.yaml")) as f:
        text = f.read()
    expect("type: plan, default: yearly" in text and "type: public.plan" in text and
           "type: \"plan[]\"" in text,
           "namespaces: a type of the table's namespace is written alone, public's qualified",
           text)
    with open(os.path.join(out, "billing.enums.yaml")) as f:
        text = f.read()
    expect("namespace: billing" in text and "monthly" in text,
           "namespaces: the enum of billing is read back in billing", text)


def test_inspect_again():
    """Inspecting again into the same directory rewrites only the files
    whose YAML changed (the others keep their inode, and mtime)."""
    out = os.path.join(TMP, "inspected_namespaces")
    read = ["--schema", "public", "--schema", "billing", "--schema", "audit"]

    def inodes():
        return {n: os.stat(os.path.join(out, n)).st_ino for n in sorted(os.listdir(out))}
    before = inodes()
    r = schemac("inspect", "--db", url("ex_namespaces"), *read, "-o", out)
    expect(r.returncode == 0 and inodes() == before,
           "inspect again: unchanged files are left alone", r.stderr)
    psql("ex_namespaces", "COMMENT ON TABLE billing.payments IS 'changed'")
    r = schemac("inspect", "--db", url("ex_namespaces"), *read, "-o", out)
    after = inodes()
    expect(r.returncode == 0 and sorted(n for n in after if after[n] != before[n]) ==
           ["billing.payments.yaml"], "inspect again: only the changed file is written",
           r.stderr + str(before) + str(after))


def test_one_connection():
    """inspect opens a second connection for part of the catalog queries;
    a role allowed one connection gets the same files over its only one."""
    fresh("onec")
    blog = os.path.join(ROOT, "schemas", "blog")
    apply_schema("onec", blog)
    psql("postgres", "DROP ROLE IF EXISTS schemac_onec; "
                     "CREATE ROLE schemac_onec LOGIN CONNECTION LIMIT 1")
    mine = url("onec")
    if re.search(r"[?&]user=", mine):
        mine = re.sub(r"([?&]user=)[^&]*", r"\g<1>schemac_onec", mine)
    else:
        mine += ("&" if "?" in mine else "?") + "user=schemac_onec"
    both, one = os.path.join(TMP, "onec_both"), os.path.join(TMP, "onec_one")
    r = schemac("inspect", "--db", url("onec"), "-o", both)
    expect(r.returncode == 0, "one connection: inspect", r.stderr)
    r = schemac("inspect", "--db", mine, "-o", one)
    expect(r.returncode == 0 and subprocess.run(["diff", "-r", both, one]).returncode == 0,
           "one connection: inspect writes the same files", r.stderr)
    psql("postgres", "DROP DATABASE onec; DROP ROLE schemac_onec")


def test_no_false_drift():
    path = os.path.join(ROOT, "tests", "live", "no_false_drift.yaml")
    fresh("nfd")
    apply_schema("nfd", path)
    r = schemac("check", "--db", url("nfd"), path)
    expect(r.returncode == 0 and "matches" in r.stdout, "no false drift: check exits 0",
           r.stdout + r.stderr)
    out = os.path.join(TMP, "inspected_nfd")
    r = schemac("inspect", "--db", url("nfd"), "-o", out)
    expect(r.returncode == 0, "no false drift: inspect", r.stderr)
    r = schemac("check", "--db", url("nfd"), out)
    expect(r.returncode == 0, "no false drift: the inspected YAML checks clean",
           r.stdout + r.stderr)
    r = schemac("diff", "--from", path, "--to", "db:" + url("nfd"))
    expect(r.returncode == 0 and r.stdout == "", "no false drift: diff --to db: is empty",
           r.stdout + r.stderr)


def test_catalog_only_role():
    """check run by a role that owns nothing and may not read the tables
    (a CI role that only looks at the catalog) sees no false drift, and
    still sees real drift."""
    path = os.path.join(ROOT, "tests", "live", "no_false_drift.yaml")
    psql("postgres", "DROP ROLE IF EXISTS schemac_viewer; CREATE ROLE schemac_viewer LOGIN")
    viewer = url("nfd")
    if re.search(r"[?&]user=", viewer):
        viewer = re.sub(r"([?&]user=)[^&]*", r"\g<1>schemac_viewer", viewer)
    else:
        viewer += ("&" if "?" in viewer else "?") + "user=schemac_viewer"
    expect(psql("nfd", "SELECT has_table_privilege('schemac_viewer', '\"order\"', 'SELECT')")
           .strip() == "f", "catalog-only role: may not read the table")
    r = schemac("check", "--db", viewer, path)
    expect(r.returncode == 0 and "matches" in r.stdout,
           "catalog-only role: check exits 0 on a matching database", r.stdout + r.stderr)
    psql("nfd", 'ALTER TABLE "order" DROP CONSTRAINT n_between, '
                'ADD CONSTRAINT n_between CHECK (n BETWEEN 1 AND 11)')
    r = schemac("check", "--db", viewer, path)
    expect(r.returncode == 1 and "check n_between" in r.stdout and "status_in" not in r.stdout,
           "catalog-only role: check reports exactly the changed check", r.stdout + r.stderr)
    psql("nfd", repair_sql(r.stdout))
    r = schemac("check", "--db", viewer, path)
    expect(r.returncode == 0, "catalog-only role: clean after the repair", r.stdout + r.stderr)
    psql("postgres", "DROP ROLE schemac_viewer")


# ---- drift made by hand ----

# (what is done out of band, SQL, what the report must say)
DRIFT = [
    ("dropped index", "DROP INDEX posts_metadata_idx", "create index posts_metadata_idx"),
    ("changed default", "ALTER TABLE posts ALTER COLUMN view_count SET DEFAULT 1",
     "change default of posts.view_count (database: 1; models: 0)"),
    ("dropped default", "ALTER TABLE users ALTER COLUMN role DROP DEFAULT",
     "change default of users.role (database: none"),
    ("extra column", "ALTER TABLE users ADD COLUMN extra integer", "drop column users.extra"),
    ("dropped column", "ALTER TABLE posts DROP COLUMN subtitle", "add column posts.subtitle"),
    ("extra table", "CREATE TABLE stray (id integer PRIMARY KEY)", "drop table stray"),
    ("dropped table", "DROP TABLE post_tags", "create table post_tags"),
    ("changed FK action",
     "ALTER TABLE comments DROP CONSTRAINT comments_post_id_fkey, ADD CONSTRAINT "
     "comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE RESTRICT",
     "drop foreign key comments_post_id_fkey (database: REFERENCES posts ON DELETE RESTRICT"),
    ("dropped FK", "ALTER TABLE post_tags DROP CONSTRAINT post_tags_tag_id_fkey",
     "add foreign key post_tags_tag_id_fkey"),
    ("deferrable FK",
     "ALTER TABLE comments ALTER CONSTRAINT comments_author_id_fkey DEFERRABLE",
     "alter deferrability of foreign key comments_author_id_fkey"),
    ("nullable column", "ALTER TABLE posts ALTER COLUMN body DROP NOT NULL",
     "make posts.body NOT NULL"),
    ("not null column", "ALTER TABLE users ALTER COLUMN bio SET NOT NULL",
     "make users.bio nullable"),
    ("enum value added", "ALTER TYPE post_status ADD VALUE 'hidden'",
     "rebuild enum post_status"),
    ("extra enum", "CREATE TYPE mood AS ENUM ('calm')", "drop enum mood"),
    ("renamed check", "ALTER TABLE posts RENAME CONSTRAINT title_not_empty TO tne",
     "rename constraint tne to title_not_empty"),
    ("renamed unique key", "ALTER TABLE tags RENAME CONSTRAINT tags_slug_key TO tags_slug_uq",
     "rename constraint tags_slug_uq to tags_slug_key"),
    ("changed partial-index predicate",
     "DROP INDEX users_live_email_key; CREATE UNIQUE INDEX users_live_email_key ON users "
     "(email) WHERE deleted_at IS NOT NULL",
     "create index users_live_email_key (models: WHERE deleted_at IS NULL)"),
    ("unique index made plain",
     "DROP INDEX posts_live_slug_key; CREATE INDEX posts_live_slug_key ON posts (slug) "
     "WHERE deleted_at IS NULL", "drop index posts_live_slug_key"),
    ("dropped trigger", "DROP TRIGGER set_updated_at ON posts", "add updated_at trigger on posts"),
    ("changed table comment", "COMMENT ON TABLE tags IS 'labels'",
     "change comment of table tags (database: labels;"),
    ("changed column comment", "COMMENT ON COLUMN users.bio IS 'about me'",
     "change comment of users.bio (database: about me; models: none)"),
    ("changed enum comment", "COMMENT ON TYPE user_role IS 'who'",
     "change comment of enum user_role"),
    ("changed type", "ALTER TABLE tags ALTER COLUMN description TYPE varchar(10)",
     "change type of tags.description from varchar(10) to text"),
    ("dropped check", "ALTER TABLE comments DROP CONSTRAINT not_own_parent",
     "add check not_own_parent on comments"),
    ("changed check",
     "ALTER TABLE posts DROP CONSTRAINT view_count_not_negative, ADD CONSTRAINT "
     "view_count_not_negative CHECK (view_count > -5)",
     "drop check view_count_not_negative on posts (database: CHECK (view_count > '-5'::integer))"),
    ("dropped unique key", "ALTER TABLE tags DROP CONSTRAINT tags_slug_key",
     "add unique key tags_slug_key"),
    ("extra index", "CREATE INDEX stray_idx ON posts (title)", "drop index stray_idx"),
    ("renamed index", "ALTER INDEX posts_metadata_idx RENAME TO pm",
     "rename index pm to posts_metadata_idx"),
    ("dropped foreign-key index", "DROP INDEX comments_post_id_idx",
     "create index comments_post_id_idx"),
    ("identity changed", "ALTER TABLE tags ALTER COLUMN id SET GENERATED BY DEFAULT",
     "change identity of tags.id"),
]


def test_drift():
    blog = os.path.join(ROOT, "schemas", "blog")
    # One database for every case: the repair of each brings it back to the
    # models, which the next check proves, so the next case starts clean.
    fresh("drift")
    apply_schema("drift", blog)
    for what, sql, said in DRIFT:
        psql("drift", sql)
        r = schemac("check", "--db", url("drift"), blog)
        ok = r.returncode == 1 and said in r.stdout and "SQL that brings" in r.stdout
        expect(ok, "drift %s: reported (%s)" % (what, said), r.stdout + r.stderr)
        if not ok:
            fresh("drift")
            apply_schema("drift", blog)
            continue
        # Each line of the report names a place in the models or says it is
        # the database's alone.
        report = r.stdout.split("\n\n", 1)[0].splitlines()[1:]
        expect(all(re.match(r"^(\S+/schemas/blog/\w+\.yaml:\d+|\(database only\)): ", l)
                   for l in report), "drift %s: every line has its file:line" % what, r.stdout)
        psql("drift", repair_sql(r.stdout))
        r = schemac("check", "--db", url("drift"), blog)
        expect(r.returncode == 0, "drift %s: the printed SQL repairs it" % what,
               r.stdout + r.stderr)
    print("%d drift cases" % len(DRIFT))


# Access control made otherwise by hand: (what, SQL, what the report says).
ACCESS_DRIFT = [
    ("revoked privilege", "REVOKE DELETE ON notes FROM live_app", "grant DELETE on notes to live_app"),
    ("extra privilege", "GRANT TRUNCATE ON users TO live_reporting",
     "revoke TRUNCATE on users from live_reporting"),
    ("extra column privilege", "GRANT UPDATE (owner_id) ON notes TO live_app",
     "revoke UPDATE (owner_id) on notes from live_app"),
    ("revoked column privilege", "REVOKE UPDATE (status) ON notes FROM live_app",
     "grant UPDATE (status) on notes to live_app"),
    ("default privileges revoked",
     "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM live_reporting",
     "grant SELECT on future tables to live_reporting"),
    ("row-level security off", "ALTER TABLE notes DISABLE ROW LEVEL SECURITY",
     "set row-level security on notes"),
    ("not forced", "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY", "set row-level security on notes"),
    ("dropped policy", "DROP POLICY reporting_reads_open ON notes",
     "create policy reporting_reads_open on notes"),
    ("changed policy", "ALTER POLICY no_blank_titles ON notes WITH CHECK (title <> 'x')",
     "create policy no_blank_titles on notes"),
    ("extra policy", "CREATE POLICY stray ON notes USING (true)", "drop policy stray on notes"),
    ("ownership policy changed",
     "ALTER POLICY notes_owner ON notes USING (true)", "create policy notes_owner on notes"),
]


def test_access():
    path = os.path.join(ROOT, "tests", "live", "access.yaml")
    fresh("acc")
    apply_schema("acc", path)
    r = schemac("check", "--db", url("acc"), path)
    expect(r.returncode == 0, "access: no false drift", r.stdout + r.stderr)
    out = os.path.join(TMP, "inspected_acc")
    r = schemac("inspect", "--db", url("acc"), "--name", "acc", "-o", out)
    expect(r.returncode == 0 and "warning" not in r.stderr, "access: inspect without warnings",
           r.stderr)
    r = schemac("check", "--db", url("acc"), out)
    expect(r.returncode == 0, "access: the inspected YAML checks clean", r.stdout + r.stderr)
    fresh("acc_rt")
    apply_schema("acc_rt", out)
    expect(catalog("acc") == catalog("acc_rt"),
           "access: sql of the inspected YAML makes the same catalog")
    for what, sql, said in ACCESS_DRIFT:
        psql("acc", sql)
        r = schemac("check", "--db", url("acc"), path)
        expect(r.returncode == 1 and said in r.stdout, "access drift %s: reported (%s)" % (what, said),
               r.stdout + r.stderr)
        if r.returncode != 1:
            continue
        psql("acc", repair_sql(r.stdout))
        r = schemac("check", "--db", url("acc"), path)
        expect(r.returncode == 0, "access drift %s: the printed SQL repairs it" % what,
               r.stdout + r.stderr)
    print("%d access drift cases" % len(ACCESS_DRIFT))
    psql("postgres", "DROP DATABASE acc; DROP DATABASE acc_rt")


# ---- what the language cannot express ----

UNSUPPORTED = """
CREATE TABLE t (id integer PRIMARY KEY, spot point, cash money);
CREATE VIEW v WITH (security_barrier) AS SELECT id FROM t;
CREATE PROCEDURE f() LANGUAGE sql AS 'SELECT 1';
CREATE DOMAIN posint AS integer;
ALTER DOMAIN posint ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;
CREATE TABLE nopk (x integer);
CREATE TABLE parted (id integer, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE parted_a PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY HASH (id);
CREATE SEQUENCE loose;
CREATE RULE r AS ON INSERT TO nopk DO INSTEAD NOTHING;
CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger('x');
"""


def test_warnings():
    fresh("unsupported")
    psql("unsupported", UNSUPPORTED)
    out = os.path.join(TMP, "unsupported")
    r = schemac("inspect", "--db", url("unsupported"), "-o", out)
    expect(r.returncode == 0, "unsupported: inspect exits 0 with warnings", r.stderr)
    warnings = [l for l in r.stderr.splitlines() if "warning:" in l]
    for name in ["column t.spot: type point", "column t.cash: type money",
                 "view v: view options", "function f(): procedures",
                 "check positive of domain posint: NOT VALID",
                 "table nopk: has no primary key", "partition parted_a of table parted: partitions of",
                 "sequence public.loose", "rule r on public.nopk", "trigger tr on t: arguments"]:
        expect(any(name in w for w in warnings), "unsupported: a warning names %s" % name,
               r.stderr)
    expect(len(warnings) == 10, "unsupported: one warning per object, no more", r.stderr)
    with open(os.path.join(out, "t.yaml")) as f:
        expect("id: { type: integer, primary_key: true }" in f.read(),
               "unsupported: the rest of the table is written")


def test_c_clashes():
    """Names whose C identifiers clash are a C matter: inspect writes the
    files and warns, check, diff and sql take them; validate refuses."""
    fresh("clash")
    psql("clash", "CREATE TABLE item (id integer PRIMARY KEY); "
                  "CREATE TABLE item_list (id integer PRIMARY KEY)")
    out = os.path.join(TMP, "clash")
    r = schemac("inspect", "--db", url("clash"), "-o", out)
    warnings = [l for l in r.stderr.splitlines() if "warning:" in l]
    expect(r.returncode == 0 and sorted(os.listdir(out)) == ["item.yaml", "item_list.yaml"],
           "C clashes: inspect writes the files", r.stderr)
    expect(len(warnings) == 1 and "`item_list`" in warnings[0] and "list function" in warnings[0]
           and "generate" in warnings[0], "C clashes: one warning names the clash", r.stderr)
    r = schemac("check", "--db", url("clash"), out)
    expect(r.returncode == 0, "C clashes: check takes the inspected files", r.stdout + r.stderr)
    r = schemac("diff", "--from", "db:" + url("clash"), "--to", out)
    expect(r.returncode == 0 and r.stdout == "", "C clashes: diff --from db: is empty",
           r.stdout + r.stderr)
    r = schemac("sql", out)
    expect(r.returncode == 0 and "CREATE TABLE item_list" in r.stdout, "C clashes: sql takes them",
           r.stderr)
    r = schemac("validate", out)
    expect(r.returncode == 1 and "clash_item_list" in r.stderr,
           "C clashes: validate refuses them", r.stderr)


# ---- sample databases written in SQL ----

def dump(db, tables, uncovered=()):
    """pg_dump --schema-only of the tables as a sorted list of statements
    (creation order is the planner's), without comments, SET lines, psql's
    \\restrict keys, lines naming what is not covered, and trailing commas
    (a left-out last column moves the comma)."""
    args = ["pg_dump", "--schema-only", "--no-owner", "-d", url(db)]
    for t in tables:
        args += ["-t", "public." + t]
    r = subprocess.run(args, capture_output=True, text=True, check=True)
    statements, cur = [], []
    for l in r.stdout.splitlines():
        if (not l.strip() or l.startswith(("--", "SET ", "SELECT pg_catalog.set_config", "\\")) or
                any(u in l for u in uncovered)):
            continue
        cur.append(l.rstrip(","))
        if l.endswith(";"):
            statements.append("\n".join(cur))
            cur = []
    return sorted(statements + ["\n".join(cur)] if cur else statements)


def test_samples():
    """Each sample: inspected, turned back into SQL, applied; pg_dump of the
    covered tables is the same (NAME.uncovered lists the text of what the
    warnings name inside them), and the warnings are exactly NAME.warnings."""
    folder = os.path.join(ROOT, "tests", "live", "samples")
    for sample in sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".sql")):
        base = os.path.join(folder, sample)
        db, rt = "sample_" + sample, "sample_rt_" + sample
        fresh(db)
        with open(base + ".sql") as f:
            psql(db, f.read())
        out = os.path.join(TMP, "sample_" + sample)
        r = schemac("inspect", "--db", url(db), "-o", out)
        expect(r.returncode == 0, "sample %s: inspect" % sample, r.stderr)
        got = sorted(l.split("warning: ", 1)[1] for l in r.stderr.splitlines() if "warning: " in l)
        with open(base + ".warnings") as f:
            want = sorted(l for l in f.read().splitlines() if l)
        expect(got == want, "sample %s: the warnings name exactly what is left out" % sample,
               "got:\n  " + "\n  ".join(got) + "\nwant:\n  " + "\n  ".join(want))
        fresh(rt)
        apply_schema(rt, out)
        tables = [f[:-5] for f in os.listdir(out)
                  if f not in ("enums.yaml", "types.yaml", "views.yaml", "functions.yaml")]
        with open(base + ".uncovered") as f:
            uncovered = [l for l in f.read().splitlines() if l]
        original, again = dump(db, tables, uncovered), dump(rt, tables)
        import difflib
        expect(original == again, "sample %s: pg_dump of the covered objects is the same" % sample,
               "\n".join(difflib.unified_diff("\n".join(original).splitlines(),
                                              "\n".join(again).splitlines(), "original",
                                              "round trip", lineterm="")))
        r = schemac("check", "--db", url(db), out)
        expect(r.returncode == 0, "sample %s: check of the original is clean" % sample,
               r.stdout + r.stderr)
        psql("postgres", "DROP DATABASE %s; DROP DATABASE %s" % (db, rt))


# ---- adoption ----

HAND_MADE = """
CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE teams (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE members (
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  login varchar(40) NOT NULL,
  lvl level NOT NULL DEFAULT 'low',
  boss_login varchar(40),
  PRIMARY KEY (team_id, login),
  FOREIGN KEY (team_id, boss_login) REFERENCES members (team_id, login),
  CHECK (login <> '')
);
CREATE INDEX members_lower_login ON members (lower(login));
CREATE INDEX ON members (team_id, boss_login);
COMMENT ON TABLE members IS 'Who is in which team.';
INSERT INTO teams (name) VALUES ('core');
INSERT INTO members VALUES (1, 'ann', 'high', NULL);
"""


def test_adoption():
    fresh("adopt")
    psql("adopt", HAND_MADE)
    models = os.path.join(TMP, "adopt_models")
    migrations = os.path.join(TMP, "adopt_migrations")
    r = schemac("inspect", "--db", url("adopt"), "--name", "club", "-o", models)
    expect(r.returncode == 0, "adoption: inspect", r.stderr)
    r = schemac("migrate", "new", "--dir", migrations, "-m", "baseline", models)
    expect(r.returncode == 0, "adoption: migrate new writes the baseline", r.stdout + r.stderr)
    baseline = r.stdout.split()[1] if r.stdout.startswith("created ") else ""
    rev = os.path.basename(baseline)[:-4]
    r = schemac("migrate", "stamp", rev, "--dir", migrations, "--db", url("adopt"))
    expect(r.returncode == 0, "adoption: stamp the baseline", r.stdout + r.stderr)
    r = schemac("migrate", "new", "--dir", migrations, "--db", url("adopt"), "--check", models)
    expect(r.returncode == 0, "adoption: migrate new --db sees no change", r.stdout + r.stderr)
    # A change to the models, migrated on the adopted database.
    path = os.path.join(models, "members.yaml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("      boss_login:", "      nickname: { type: text, nullable: true }\n"
                                                  "      boss_login:"))
    r = schemac("migrate", "new", "--dir", migrations, "--db", url("adopt"), "-m", "nickname",
                models)
    expect(r.returncode == 0 and "note:" not in r.stdout,
           "adoption: migrate new --db writes the change", r.stdout + r.stderr)
    r = schemac("migrate", "up", "--dir", migrations, "--db", url("adopt"))
    expect(r.returncode == 0, "adoption: migrate up", r.stdout + r.stderr)
    r = schemac("check", "--db", url("adopt"), models)
    expect(r.returncode == 0, "adoption: check is clean afterwards", r.stdout + r.stderr)
    expect(psql("adopt", "SELECT login || lvl FROM members").strip() == "annhigh",
           "adoption: the rows are kept")
    # The database moves on its own: migrate new --db says so.
    psql("adopt", "ALTER TABLE teams ADD COLUMN motto text")
    r = schemac("migrate", "new", "--dir", migrations, "--db", url("adopt"), "-m", "drop motto",
                "--allow-destructive", models)
    expect(r.returncode == 0 and "differs from the snapshot" in r.stdout and
           "add column teams.motto" in r.stdout,
           "adoption: migrate new --db says where the snapshot and the database disagree",
           r.stdout + r.stderr)


# ---- passwords ----

def test_passwords():
    for conninfo in ["postgresql://ann:Se%21cret@127.0.0.1:1/x?connect_timeout=2",
                     "host=127.0.0.1 port=1 user=ann password=Se!cret connect_timeout=2",
                     "postgresql://ann:Se!cret@127.0.0.1:1/x?bogus=1"]:
        for args in [["check", "--db", conninfo, os.path.join(ROOT, "schemas", "blog")],
                     ["inspect", "--db", conninfo, "-o", os.path.join(TMP, "never")],
                     ["diff", "--from", "db:" + conninfo, "--to",
                      os.path.join(ROOT, "schemas", "blog")],
                     ["migrate", "status", "--dir", os.path.join(TMP, "adopt_migrations"),
                      "--db", conninfo]]:
            r = schemac(*args)
            text = r.stdout + r.stderr
            expect(r.returncode != 0 and "Se!cret" not in text and "Se%21cret" not in text,
                   "passwords: %s %s hides the password" % (args[0], conninfo), text)
    r = schemac("check", "--db", "postgresql://127.0.0.1:1/x?connect_timeout=2",
                os.path.join(ROOT, "schemas", "blog"))
    expect(r.returncode == 2, "check: exit 2 when it cannot connect", r.stderr)


livelib.finish([test_examples, test_fk_indexes, test_partitions, test_namespaces,
                test_inspect_again, test_one_connection, test_no_false_drift, test_catalog_only_role,
                test_drift,
                test_access, test_warnings, test_c_clashes, test_samples, test_adoption,
                test_passwords], TMP,
               "all live-database tests passed")
