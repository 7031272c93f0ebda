#!/bin/sh
# access_control: roles, grants and row-level security on PostgreSQL, as
# the roles themselves see them. A migration names roles that do not exist:
# it fails saying which, and with --create-roles it creates them. Then, as
# the application role with app.user_id = A, B's rows cannot be read,
# updated or deleted and a row owned by B cannot be inserted; without the
# setting nothing is visible; hostile setting values change nothing; the
# reporting role reads everything and writes nothing; the table owner is
# held to the policy only while `force` is on; a privilege removed from
# the YAML is revoked by the next migration.
#
# usage (under tests/pg/with_pg): access_control.sh SCHEMAC
db_name=schemac_access
roles="acl_app acl_reporting acl_owner"
. "$(dirname "$0")/lib.sh"
# as ROLE SETTING SQL: runs SQL as ROLE (SET ROLE) with app.user_id set to
# SETTING ("-" leaves it unset); prints the result, errors on stderr.
as() {
    role=$1 setting=$2
    shift 2
    {
        echo "SET ROLE $role;"
        [ "$setting" = - ] || printf "SELECT set_config('app.user_id', '%s', false) \\\\g /dev/null\n" "$setting"
        echo "$1"
    } | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>"$tmp/as.err"
}

cat >v1.yaml <<'EOF'
schemac: 1
name: memo
roles: [acl_app, acl_reporting]
grants:
  acl_reporting: [select]
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true, identity: true }
      name: text
    grants:
      acl_app: [select]
  notes:
    columns:
      id: { type: bigint, primary_key: true, identity: true }
      owner_id: { type: bigint, references: users.id }
      title: text
    grants:
      acl_app: [select, insert, update, delete]
    row_level_security: { owner_column: owner_id, setting: app.user_id, force: true }
    policies:
      reporting_reads_all: { command: select, roles: [acl_reporting], using: "true" }
EOF

# The roles do not exist yet: the migration says which, and changes nothing.
"$schemac" migrate new -m access v1.yaml >/dev/null || fail "migrate new"
if "$schemac" migrate up --db "$url" >out 2>err; then fail "up ran without the roles"; fi
grep -qF 'roles the schema grants to do not exist: acl_app, acl_reporting' err ||
    { fail "no list of missing roles"; cat err >&2; }
[ -z "$(q "SELECT to_regclass('notes')")" ] || fail "a failed up left tables behind"
rm -rf migrations
"$schemac" migrate new -m access --create-roles v1.yaml >/dev/null || fail "migrate new --create-roles"
"$schemac" migrate up --db "$url" >/dev/null 2>err || { fail "up --create-roles"; cat err >&2; }
[ "$(q "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'acl_app'")" = f ] || fail "acl_app not a NOLOGIN role"

# Data, as the owner (a superuser here, which RLS never applies to).
q "INSERT INTO users (name) VALUES ('ann'), ('bob');
   INSERT INTO notes (owner_id, title) VALUES (1, 'ann 1'), (1, 'ann 2'), (2, 'bob 1')" >/dev/null

[ "$(as acl_app 1 "SELECT string_agg(title, ',' ORDER BY id) FROM notes")" = "ann 1,ann 2" ] ||
    fail "A sees other rows than their own"
[ "$(as acl_app 1 "UPDATE notes SET title = 'x' WHERE owner_id = 2 RETURNING id")" = "" ] ||
    fail "A updated B's row"
[ "$(as acl_app 1 "DELETE FROM notes WHERE owner_id = 2 RETURNING id")" = "" ] || fail "A deleted B's row"
[ -n "$(as acl_app 1 "UPDATE notes SET owner_id = 2 WHERE id = 1 RETURNING id")" ] &&
    fail "A gave a row to B"
grep -qF 'violates row-level security policy' "$tmp/as.err" || { fail "give away: no RLS error"; cat "$tmp/as.err" >&2; }
as acl_app 1 "INSERT INTO notes (owner_id, title) VALUES (2, 'forged')" >/dev/null &&
    fail "A inserted a row owned by B"
grep -qF 'violates row-level security policy' "$tmp/as.err" || { fail "insert: no RLS error"; cat "$tmp/as.err" >&2; }
[ "$(as acl_app 1 "INSERT INTO notes (owner_id, title) VALUES (1, 'mine') RETURNING title")" = mine ] ||
    fail "A cannot insert their own row"
[ "$(as acl_app - "SELECT count(*) FROM notes")" = 0 ] || fail "without the setting rows are visible"
[ "$(as acl_app '' "SELECT count(*) FROM notes")" = 0 ] || fail "with an empty setting rows are visible"
long=$(head -c 10240 /dev/zero | tr '\0' 1)
for hostile in "1 OR true" "1' OR '1'='1" "$long" "2; DROP TABLE notes"; do
    got=$(as acl_app "$(printf %s "$hostile" | sed "s/'/''/g")" "SELECT count(*) FROM notes WHERE owner_id <> 1")
    [ -z "$got" ] || [ "$got" = 0 ] || fail "hostile setting '$(printf %.20s "$hostile")' showed rows"
done
[ "$(q "SELECT count(*) FROM notes")" = 4 ] || fail "hostile settings changed the table"

# Reporting reads every row and writes none.
[ "$(as acl_reporting - "SELECT count(*) FROM notes")" = 4 ] || fail "reporting does not see every row"
as acl_reporting - "DELETE FROM notes" >/dev/null && fail "reporting could delete"
grep -qF 'permission denied for table notes' "$tmp/as.err" || { fail "reporting delete: no permission error"; cat "$tmp/as.err" >&2; }

# The owner bypasses the policy only without force.
q "CREATE ROLE acl_owner NOLOGIN; ALTER TABLE notes OWNER TO acl_owner" >/dev/null
[ "$(as acl_owner - "SELECT count(*) FROM notes")" = 0 ] || fail "forced: the owner bypassed the policy"
sed 's/, force: true//' v1.yaml >v2.yaml
"$schemac" migrate new -m unforced v2.yaml >/dev/null || fail "migrate new v2"
q "ALTER TABLE notes OWNER TO CURRENT_USER" >/dev/null
"$schemac" migrate up --db "$url" >/dev/null 2>err || { fail "up v2"; cat err >&2; }
q "ALTER TABLE notes OWNER TO acl_owner" >/dev/null
[ "$(as acl_owner - "SELECT count(*) FROM notes")" = 4 ] || fail "unforced: the owner is held to the policy"
q "ALTER TABLE notes OWNER TO CURRENT_USER" >/dev/null

# A privilege taken out of the YAML is revoked.
sed 's/acl_app: \[select, insert, update, delete\]/acl_app: [select, insert, update]/' v2.yaml >v3.yaml
"$schemac" migrate new -m revoke v3.yaml >/dev/null || fail "migrate new v3"
grep -qF 'REVOKE DELETE ON notes FROM acl_app;' migrations/*revoke*.sql || fail "no REVOKE in the revision"
"$schemac" migrate up --db "$url" >/dev/null 2>err || { fail "up v3"; cat err >&2; }
as acl_app 1 "DELETE FROM notes WHERE id = 1" >/dev/null && fail "revoked delete still works"
grep -qF 'permission denied for table notes' "$tmp/as.err" || { fail "revoked: no permission error"; cat "$tmp/as.err" >&2; }
[ "$(as acl_app 1 "SELECT count(*) FROM notes")" = 3 ] || fail "select lost with the revoke"

exit "$failed"
