DO $$ BEGIN
  ASSERT (SELECT stage FROM flags WHERE name = 'dark_mode') = 'beta', 'enum to text keeps the label';
  ASSERT (SELECT stage FROM flags WHERE name = 'ai') = 'off', 'default survives';
  ASSERT (SELECT count(*) FROM flags WHERE stage = 'beta') = 1, 'partial index predicate works';
END $$;
