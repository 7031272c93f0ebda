DO $$ BEGIN
  ASSERT (SELECT count(*) FROM memberships) = 3, 'rows survive the key change';
  ASSERT (SELECT role FROM memberships WHERE group_id = 1 AND user_name = 'ann') = 'owner', 'values survive';
END $$;
