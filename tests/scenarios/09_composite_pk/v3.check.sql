DO $$ BEGIN
  ASSERT (SELECT count(*) FROM memberships) = 3, 'rows survive the reordered key';
END $$;
INSERT INTO memberships VALUES (1, 'ann', 'member');
DO $$ BEGIN
  ASSERT (SELECT count(*) FROM memberships WHERE user_name = 'ann' AND group_id = 1) = 2, 'role is part of the key';
END $$;
DELETE FROM memberships WHERE role = 'member' AND group_id = 1;
