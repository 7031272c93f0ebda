DO $$ BEGIN
  ASSERT (SELECT count(*) FROM logs) = 2, 'rows survive';
END $$;
