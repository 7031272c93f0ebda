DO $$ BEGIN
  ASSERT (SELECT head_id FROM departments WHERE id = 10) = 100, 'cycle rows survive';
  ASSERT (SELECT count(*) FROM employees) = 3, 'employees survive';
END $$;
