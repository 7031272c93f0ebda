DO $$ BEGIN
  ASSERT (SELECT stage FROM flags WHERE name = 'dark_mode') = 'beta', 'text to enum keeps the label';
  ASSERT (SELECT fallback FROM flags WHERE name = 'dark_mode') = 'off', 'enum to varchar keeps the label';
  ASSERT (SELECT count(*) FROM flags) = 3, 'rows survive';
END $$;
