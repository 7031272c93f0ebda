#!/usr/bin/env python3
"""Live databases and what schema language v2 added (arrays and the other
new types, domains, extensions, generated columns, collations, identity
options, index and constraint options, views, materialized views,
functions, triggers, comments), against a real PostgreSQL:

- every version of the three sample databases (tests/scenarios/4*), the
  last version of every other scenario using them, and tests/live/v2.yaml: applied, `check` exits 0 and
  `diff --from db:` is empty; inspected without warnings, the inspected
  YAML checks clean, is canonical, and its `schemac sql` builds a database
  with the same catalog (tests/pg/catalog.sql);
- no false drift: tests/live/v2.yaml is written the way people write
  (IN lists, BETWEEN, casts left out, `int`, `numeric(12,2)` results,
  `increment: 1`), which the server rewrites in view bodies, generated
  expressions, domain checks, function signatures and trigger conditions;
- drift cases made by hand on a database made from tests/live/v2.yaml:
  each reported as the case says, and the printed SQL repairs it.

usage: test_live_v2.py SCHEMAC CATALOG_SQL SOURCE_ROOT
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import livelib  # noqa: E402
from livelib import apply_schema, expect, fresh, psql, repair_sql, schemac, url  # noqa: E402
ROOT, CATALOG_SQL, TMP = livelib.start(sys.argv, "schemac-live-v2-")
V2 = os.path.join(ROOT, "tests", "live", "v2.yaml")

# Scenarios whose schemas use what v2 added.
SCENARIOS = [
    "05_indexes", "26_index_options", "27_deferrable_keys", "28_exclusions", "29_new_types",
    "29_views", "30_domains_extensions", "30_functions_triggers", "31_constraint_comments",
    "31_generated_collation_identity", "32_blog_reports", "32_inline_reference_options",
    "41_sample_ticketing", "42_sample_orders", "43_sample_saas",
]


def versions(scenario):
    d = os.path.join(ROOT, "tests", "scenarios", scenario)
    names = [n for n in os.listdir(d)
             if n.startswith("v") and (n.endswith(".yaml") and n[1:-5].isdigit() or n[1:].isdigit())]
    return [os.path.join(d, n) for n in sorted(names, key=lambda n: int(n[1:].split(".")[0]))]


def round_trip(what, path):
    livelib.round_trip(expect, what, path, "v2_src", "v2_rt",
                       os.path.join(TMP, what.replace("/", "_")), CATALOG_SQL)


def test_round_trips():
    n = 0
    for scenario in SCENARIOS:
        # Every version of the sample databases, the last of the others.
        for path in versions(scenario)[0 if scenario.startswith("4") else -1:]:
            round_trip("%s/%s" % (scenario, os.path.basename(path)), path)
            n += 1
    round_trip("tests/live/v2.yaml", V2)
    print("%d schemas round-trip" % (n + 1))


OPEN_BOOKINGS = ("CREATE VIEW open_bookings AS SELECT b.id, r.name AS room, b.total "
                 "FROM bookings b JOIN rooms r ON r.id = b.room_id ")

# (what is done out of band, SQL, what the report must say)
DRIFT = [
    ("changed view body", "CREATE OR REPLACE " + OPEN_BOOKINGS[7:] + "WHERE b.state = 'open'",
     "v2.yaml:76: create view open_bookings (differs: definition)"),
    ("dropped view", "DROP VIEW open_bookings", "v2.yaml:76: create view open_bookings\n"),
    ("extra view", "CREATE VIEW stray_v AS SELECT 1 AS one", "(database only): drop view stray_v"),
    ("changed view comment", "COMMENT ON VIEW open_bookings IS 'x'",
     "change comment of VIEW open_bookings"),
    ("dropped materialized view index", "DROP INDEX room_totals_room_key",
     "v2.yaml:87: create index room_totals_room_key on view room_totals"),
    ("dropped trigger", "DROP TRIGGER bookings_touch ON bookings",
     "v2.yaml:105: create trigger bookings_touch on bookings\n"),
    ("changed trigger condition",
     "DROP TRIGGER bookings_touch ON bookings; CREATE TRIGGER bookings_touch BEFORE INSERT OR "
     "UPDATE ON bookings FOR EACH ROW WHEN (NEW.state = 'open') EXECUTE FUNCTION touch_booking(); "
     "COMMENT ON TRIGGER bookings_touch ON bookings IS 'Fills the code.'",
     "v2.yaml:105: create trigger bookings_touch on bookings (differs: when)"),
    ("changed function body",
     "CREATE OR REPLACE FUNCTION touch_booking() RETURNS trigger LANGUAGE plpgsql "
     "AS $$BEGIN RETURN NEW; END$$",
     "v2.yaml:96: replace function touch_booking (differs: body)"),
    ("changed function volatility", "ALTER FUNCTION booking_total(integer, numeric) VOLATILE",
     "v2.yaml:89: replace function booking_total (differs: volatility)"),
    ("extra function", "CREATE FUNCTION stray() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
     "(database only): drop function stray"),
    ("changed function comment", "COMMENT ON FUNCTION booking_total(integer, numeric) IS 'x'",
     "change comment of FUNCTION booking_total"),
    ("changed domain check",
     "ALTER DOMAIN grade DROP CONSTRAINT known_grade; "
     "ALTER DOMAIN grade ADD CONSTRAINT known_grade CHECK (VALUE IN ('A', 'B'))",
     "v2.yaml:12: alter domain grade (differs: checks)"),
    ("changed domain default", "ALTER DOMAIN positive_amount SET DEFAULT 1",
     "v2.yaml:16: alter domain positive_amount (differs: default)"),
    ("domain NOT NULL dropped", "ALTER DOMAIN positive_amount DROP NOT NULL",
     "v2.yaml:16: alter domain positive_amount (differs: NOT NULL)"),
    ("changed generated expression",
     "ALTER TABLE bookings DROP COLUMN doubled, ADD COLUMN doubled integer "
     "GENERATED ALWAYS AS (qty * 3) STORED NOT NULL",
     "v2.yaml:66: recreate generated column bookings.doubled (database: (qty * 3); models: "
     "qty * 2::smallint)"),
    ("changed collation", "ALTER TABLE rooms ALTER COLUMN code TYPE varchar(20) COLLATE \"POSIX\"",
     "v2.yaml:35: change collation of rooms.code (database: POSIX; models: C)"),
    ("extension missing", "DROP EXTENSION btree_gist CASCADE",
     "v2.yaml:7: create extension btree_gist"),
    ("changed exclusion constraint",
     "ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap, ADD CONSTRAINT "
     "bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)",
     "v2.yaml:74: add exclusion constraint bookings_no_overlap"),
    ("changed identity options", "ALTER TABLE rooms ALTER COLUMN id SET INCREMENT BY 5",
     "v2.yaml:33: change identity of rooms.id"),
    ("changed array type", "ALTER TABLE rooms ALTER COLUMN tags TYPE varchar(30)[]",
     "v2.yaml:36: change type of rooms.tags from varchar(30)[] to text[]"),
    ("changed index comment", "COMMENT ON INDEX rooms_lower_name_idx IS 'x'",
     "change comment of INDEX rooms_lower_name_idx"),
    ("changed unique-key comment", "COMMENT ON CONSTRAINT bookings_code_key ON bookings IS 'x'",
     "change comment of CONSTRAINT bookings_code_key"),
]


def test_drift():
    # One database for every case: each repair brings it back to the
    # models, which the next check proves.
    fresh("v2_drift")
    apply_schema("v2_drift", V2)
    for what, sql, said in DRIFT:
        psql("v2_drift", sql)
        r = schemac("check", "--db", url("v2_drift"), V2)
        ok = r.returncode == 1 and said in r.stdout and "SQL that brings" in r.stdout
        expect(ok, "v2 drift %s: reported (%s)" % (what, said), r.stdout + r.stderr)
        if r.returncode != 1:
            continue
        psql("v2_drift", repair_sql(r.stdout))
        r = schemac("check", "--db", url("v2_drift"), V2)
        expect(r.returncode == 0, "v2 drift %s: the printed SQL repairs it" % what,
               r.stdout + r.stderr)
        if r.returncode:
            fresh("v2_drift")
            apply_schema("v2_drift", V2)
    print("%d v2 drift cases" % len(DRIFT))


if __name__ == "__main__":
    livelib.finish([test_round_trips, test_drift], TMP, "ok")
