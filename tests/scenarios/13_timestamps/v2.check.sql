DO $$ BEGIN
  ASSERT (SELECT count(*) FROM notes WHERE created_at IS NOT NULL AND deleted_at IS NULL) = 2, 'rows get timestamps';
END $$;
UPDATE notes SET updated_at = '2000-01-01' WHERE id = 1;
UPDATE notes SET body = 'standup notes' WHERE id = 1;
DO $$ BEGIN
  ASSERT (SELECT updated_at FROM notes WHERE id = 1) > '2000-01-01', 'the trigger sets updated_at';
END $$;
