#!/bin/sh
# seed_data: `schemac migrate seed` and `bootstrap` on PostgreSQL. Seed rows
# land parents first whatever the file order; a second run changes nothing;
# upsert puts back what was changed out of band, insert_missing only what
# was deleted; sync refuses to delete unlisted rows without
# --allow-destructive (and then nothing at all changes), deletes them with
# it; --dry-run changes nothing; hostile text arrives verbatim (values are
# parameters); identity sequences move past seeded ids; a row the server
# refuses is reported at its YAML line and nothing is committed; with no
# files given, the snapshot's seed data is used.
#
# usage (under tests/pg/with_pg): seed_data.sh SCHEMAC
db_name=schemac_seed
. "$(dirname "$0")/lib.sh"
run() { # NAME WANT_STATUS ARGS...: schemac; output in out, err
    name=$1 want=$2
    shift 2
    timeout 60 "$schemac" "$@" >out 2>err
    got=$?
    [ "$got" -eq "$want" ] && return 0
    fail "$name: exit status $got, want $want"
    cat out err >&2
    return 1
}
has() { # NAME FILE TEXT
    grep -qF -- "$3" "$2" || { fail "$1: $2 lacks '$3'"; cat "$2" >&2; }
}

# The child table comes first in the file: seeding must still start with
# its parent.
cat >shop.yaml <<'EOF'
schemac: 1
name: shop
tables:
  countries:
    columns:
      code: { type: char(2), primary_key: true }
      name: text
      plan_id: { type: integer, nullable: true, references: plans.id }
    seed:
      policy: sync
      rows:
        - { code: de, name: Germany, plan_id: 2 }
        - { code: fr, name: France }
  plans:
    columns:
      id: { type: integer, primary_key: true, identity: true }
      code: { type: text, unique: true }
      name: text
      price: numeric(8,2)
    checks:
      price_not_negative: "price >= 0"
    seed:
      policy: upsert
      key: [code]
      rows:
        - { id: 1, code: free, name: "It's '); DROP TABLE plans; --", price: "0.00" }
        - { id: 2, code: pro, name: "back\\slash \"quoted\" ünï", price: 9.99 }
  tags:
    columns:
      id: { type: integer, primary_key: true }
      label: text
    seed:
      policy: insert_missing
      rows:
        - { id: 1, label: one }
        - { id: 2, label: two }
EOF

run validate 0 validate shop.yaml
run fmt 0 fmt --check shop.yaml
run new 0 migrate new -m init shop.yaml
run bootstrap 0 migrate bootstrap --db "$url" shop.yaml
has bootstrap out 'seed plans (upsert): 2 inserted, 0 updated, 0 unchanged'
has bootstrap out 'seed countries (sync): 2 inserted, 0 updated, 0 unchanged, 0 deleted'
[ "$(grep -n '^seed ' out | head -n 1 | cut -d' ' -f2)" = plans ] || fail "bootstrap: countries seeded before plans"
[ "$(q "SELECT name FROM plans WHERE code = 'free'")" = "It's '); DROP TABLE plans; --" ] ||
    fail "hostile text not stored verbatim"
[ "$(q "SELECT name FROM plans WHERE code = 'pro'")" = 'back\slash "quoted" ünï' ] ||
    fail "escapes not stored verbatim: $(q "SELECT name FROM plans WHERE code = 'pro'")"

run again 0 migrate seed --db "$url" shop.yaml
has again out 'seed plans (upsert): 0 inserted, 0 updated, 2 unchanged'
has again out 'seed tags (insert_missing): 0 inserted, 0 updated, 2 unchanged'

# The sequence is past the seeded ids.
[ "$(q "INSERT INTO plans (code, name, price) VALUES ('new', 'New', 1) RETURNING id")" = 3 ] ||
    fail "identity sequence not moved past the seeded ids"

# Out-of-band changes: upsert restores, insert_missing only re-inserts.
q "UPDATE plans SET name = 'changed' WHERE code = 'pro'; UPDATE tags SET label = 'uno' WHERE id = 1; DELETE FROM tags WHERE id = 2" >/dev/null
run restore 0 migrate seed --db "$url" shop.yaml
has restore out 'seed plans (upsert): 0 inserted, 1 updated, 1 unchanged'
has restore out 'seed tags (insert_missing): 1 inserted, 0 updated, 1 unchanged'
[ "$(q "SELECT label FROM tags ORDER BY id" | tr '\n' ' ')" = "uno two " ] || fail "insert_missing changed a row"

# sync: an unlisted row is not deleted without --allow-destructive, and
# then nothing else changes either (one transaction).
q "INSERT INTO countries VALUES ('xx', 'Nowhere', NULL); UPDATE plans SET name = 'again' WHERE code = 'pro'" >/dev/null
run refused 1 migrate seed --db "$url" shop.yaml
has refused err "shop.yaml:9:5: error: seed data of table \`countries\` (policy sync) would delete 1 row it no longer lists"
has refused err 'hint: pass --allow-destructive'
[ "$(q "SELECT count(*) FROM countries WHERE code = 'xx'")" = 1 ] || fail "refused: the row was deleted"
[ "$(q "SELECT name FROM plans WHERE code = 'pro'")" = again ] || fail "refused: the upsert was committed"

run dry 0 migrate seed --db "$url" --dry-run --allow-destructive shop.yaml
has dry out 'seed countries (sync): 0 would be inserted, 0 would be updated, 2 unchanged, 1 would be deleted'
has dry out 'dry run: rolled back, nothing changed'
[ "$(q "SELECT count(*) FROM countries WHERE code = 'xx'")" = 1 ] || fail "dry run deleted a row"

run destructive 0 migrate seed --db "$url" --allow-destructive shop.yaml
has destructive out 'seed countries (sync): 0 inserted, 0 updated, 2 unchanged, 1 deleted'
[ "$(q "SELECT count(*) FROM countries")" = 2 ] || fail "allow-destructive: row kept"

# A row the server refuses: reported at the row, nothing committed.
sed 's/code: pro, name: "back/code: pro, name: "dear/; s/price: 9.99/price: -1/' shop.yaml >bad.yaml
run server_error 1 migrate seed --db "$url" bad.yaml
has server_error err 'bad.yaml:27:11: error: seed row of table `plans`: database error: ERROR:  new row for relation "plans" violates check constraint "price_not_negative"'
has server_error err 'the seed transaction was rolled back'
[ "$(q "SELECT name FROM plans WHERE code = 'pro'" | cut -c1-4)" = back ] || fail "server error: a change was committed"

# The same into an empty table (which takes one COPY): still the row's line.
q "TRUNCATE plans CASCADE" >/dev/null
run empty_error 1 migrate seed --db "$url" bad.yaml
has empty_error err 'bad.yaml:27:11: error: seed row of table `plans`: database error: ERROR:  new row for relation "plans" violates check constraint "price_not_negative"'
[ "$(q "SELECT count(*) FROM plans")" = 0 ] || fail "empty_error: rows were committed"
run refill 0 migrate seed --db "$url" --allow-destructive shop.yaml
has refill out 'seed plans (upsert): 2 inserted, 0 updated, 0 unchanged'
[ "$(q "SELECT name FROM plans WHERE code = 'pro'")" = 'back\slash "quoted" ünï' ] ||
    fail "COPY did not store the escapes verbatim"

# No files: the snapshot's seed data (the schema as of the last revision).
q "DELETE FROM tags" >/dev/null
run snapshot 0 migrate seed --db "$url"
has snapshot out 'seed tags (insert_missing): 2 inserted, 0 updated, 0 unchanged'

exit "$failed"
