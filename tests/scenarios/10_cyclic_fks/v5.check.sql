DO $$ BEGIN
  ASSERT (SELECT mentor_id FROM employees WHERE id = 101) = 100, 'employees survive';
END $$;
