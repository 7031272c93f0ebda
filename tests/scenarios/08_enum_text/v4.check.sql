DO $$ BEGIN
  ASSERT (SELECT fallback FROM flags WHERE name = 'dark_mode') = 'off', 'varchar to enum keeps the label';
END $$;
