DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tasks) = 3 AND (SELECT count(*) FROM notes) = 3, 'rows survive';
END $$;
