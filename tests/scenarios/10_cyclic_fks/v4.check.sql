DO $$ BEGIN
  ASSERT (SELECT count(*) FROM employees) = 3, 'employees survive';
  ASSERT (SELECT project_id FROM employees WHERE id = 100) = 1, 'the other cycle survives';
END $$;
