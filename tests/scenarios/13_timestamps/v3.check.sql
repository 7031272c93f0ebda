DO $$ BEGIN
  ASSERT (SELECT count(*) FROM notes) = 2, 'rows survive';
  ASSERT (SELECT body FROM notes WHERE id = 1) = 'standup notes', 'values survive';
END $$;
UPDATE notebooks SET updated_at = '2000-01-01';
UPDATE notebooks SET title = upper(title);
DO $$ BEGIN
  ASSERT (SELECT min(updated_at) FROM notebooks) > '2000-01-01', 'the second trigger works';
END $$;
