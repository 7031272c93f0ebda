DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tasks) = 3 AND (SELECT count(*) FROM notes) = 3, 'rows survive';
END $$;
UPDATE projects SET code = 'WWW' WHERE id = 2;
DO $$ BEGIN
  ASSERT (SELECT project_code FROM tasks WHERE id = 20) = 'WWW', 'on update cascade works';
END $$;
UPDATE projects SET code = 'WEB' WHERE id = 2;
