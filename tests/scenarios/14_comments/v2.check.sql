DO $$ BEGIN
  ASSERT (SELECT count(*) FROM logs) = 2, 'rows survive';
  ASSERT obj_description('logs'::regclass, 'pg_class') = 'What the service said; don''t edit rows.', 'table comment';
END $$;
