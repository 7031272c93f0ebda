DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tasks) = 3 AND (SELECT count(*) FROM notes) = 3, 'rows survive';
END $$;
DELETE FROM tasks WHERE id = 20;
DO $$ BEGIN
  ASSERT (SELECT count(*) FROM notes) = 2, 'on delete cascade works';
END $$;
