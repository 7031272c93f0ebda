DO $$ BEGIN
  ASSERT (SELECT count(*) FROM memberships) = 3, 'rows survive';
  ASSERT (SELECT count(DISTINCT id) FROM memberships) = 3, 'the new identity numbers every row';
  ASSERT (SELECT count(*) FROM audit) = 2, 'audit rows survive';
END $$;
INSERT INTO memberships (group_id, user_name) VALUES (1, 'cy');
