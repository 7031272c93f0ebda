-- An order-insensitive description of everything schemac creates in the
-- public schema and the other schemas (namespaces) of the database: two
-- databases with the same schema print the same lines. Names outside
-- public are qualified.
-- Column order (attnum) is left out on purpose: ADD COLUMN appends (a
-- view's columns are in its definition, which is compared whole).
SELECT line FROM (
  SELECT 'namespace ' || n.nspname AS line FROM pg_namespace n
   WHERE NOT (n.nspname IN ('pg_catalog', 'information_schema') OR n.nspname LIKE 'pg\_%')
  UNION ALL
  SELECT 'relation ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || c.relkind::text
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'S', 'i', 'p', 'I', 'v', 'm')
     AND c.relname <> 'schemac_migrations' AND c.relname <> 'schemac_migrations_pkey'
  UNION ALL
  SELECT 'partition key ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || pg_get_partkeydef(c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind = 'p'
  UNION ALL
  SELECT 'partition ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' of ' || h.inhparent::regclass::text || ' '
         || pg_get_expr(c.relpartbound, c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_inherits h ON h.inhrelid = c.oid
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relispartition
  UNION ALL
  SELECT 'column ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
         || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
         || CASE a.attgenerated WHEN 's' THEN ' stored' ELSE '' END
         || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                 THEN ' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation) ELSE '' END
         || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relname <> 'schemac_migrations'
  UNION ALL
  SELECT 'constraint ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
         || CASE WHEN k.convalidated THEN '' ELSE ' not valid' END
         || coalesce(' comment ' || obj_description(k.oid, 'pg_constraint'), '')
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relname <> 'schemac_migrations'
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relname <> 'schemac_migrations'
  UNION ALL
  SELECT 'sequence ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqmin
         || ' ' || s.seqmax || ' ' || s.seqincrement || ' start ' || s.seqstart
         || ' cache ' || s.seqcache || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END
         || coalesce(' owned by ' || oc.relname || '.' || oa.attname, '')
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_depend dep ON dep.objid = c.oid AND dep.classid = 'pg_class'::regclass
         AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
    LEFT JOIN pg_class oc ON oc.oid = dep.refobjid
    LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  UNION ALL
  SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
         || coalesce(' comment ' || obj_description(t.oid, 'pg_type'), '')
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' GROUP BY t.oid, n.nspname, t.typname
  UNION ALL
  SELECT 'domain ' || n.nspname || '.' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod)
         || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
         -- the stored default, not typdefault's text of it (which keeps the
         -- old namespace of a type moved by SET SCHEMA)
         || coalesce(' default ' || pg_get_expr(t.typdefaultbin, 0), '')
         || coalesce(' comment ' || obj_description(t.oid, 'pg_type'), '')
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND t.typtype = 'd'
  UNION ALL
  SELECT 'domain constraint ' || n.nspname || '.' || t.typname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
         || CASE WHEN k.convalidated THEN '' ELSE ' not valid' END
    FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  UNION ALL
  SELECT 'extension ' || x.extname FROM pg_extension x WHERE x.extname <> 'plpgsql'
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(g.oid)
         || coalesce(' comment ' || obj_description(g.oid, 'pg_trigger'), '')
    FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND NOT g.tgisinternal
  UNION ALL
  SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
         || ') returns ' || pg_get_function_result(p.oid) || ' language ' || l.lanname
         || ' volatility ' || p.provolatile::text || ' body ' || md5(p.prosrc)
         || coalesce(' comment ' || obj_description(p.oid, 'pg_proc'), '')
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_language l ON l.oid = p.prolang
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  UNION ALL
  SELECT 'comment relation ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || c.relkind::text || ' ' || obj_description(c.oid, 'pg_class')
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p', 'v', 'm', 'i', 'S')
     AND obj_description(c.oid, 'pg_class') IS NOT NULL
  UNION ALL
  -- A view's definition as the server prints it; a materialized view's
  -- contents are data, left to the scenarios' checks.
  SELECT 'view ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || c.relkind::text || ' ' || pg_get_viewdef(c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('v', 'm')
  UNION ALL
  -- Privileges other than the owner's own (which a table has implicitly,
  -- and explicitly once anything was granted and revoked).
  SELECT 'grant ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || ' ' || coalesce(r.rolname, 'public') || ' ' || x.privilege_type
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL aclexplode(c.relacl) x
    LEFT JOIN pg_roles r ON r.oid = x.grantee
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND x.grantee <> c.relowner
     AND c.relname NOT IN ('schemac_migrations', 'schemac_migrations_id_seq')
  UNION ALL
  SELECT 'grant ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || '.' || a.attname || ' ' || coalesce(r.rolname, 'public') || ' '
         || x.privilege_type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL aclexplode(a.attacl) x
    LEFT JOIN pg_roles r ON r.oid = x.grantee
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'default grant ' || d.defaclobjtype::text || ' ' || coalesce(r.rolname, 'public') || ' '
         || x.privilege_type
    FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace
    CROSS JOIN LATERAL aclexplode(d.defaclacl) x
    LEFT JOIN pg_roles r ON r.oid = x.grantee
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  UNION ALL
  SELECT 'row level security ' || (CASE n.nspname WHEN 'public' THEN '' ELSE n.nspname || '.' END || c.relname) || CASE WHEN c.relforcerowsecurity THEN ' forced' ELSE '' END
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relrowsecurity
  UNION ALL
  SELECT 'policy ' || p.tablename || ' ' || p.policyname || ' ' || p.permissive || ' ' || p.cmd
         || ' ' || p.roles::text || coalesce(' using ' || p.qual, '')
         || coalesce(' check ' || p.with_check, '')
    FROM pg_policies p WHERE p.schemaname NOT IN ('pg_catalog', 'information_schema')
) lines ORDER BY line;
