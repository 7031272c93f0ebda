DO $$ BEGIN
  ASSERT (SELECT count(*) FROM notes) = 2, 'rows survive';
END $$;
