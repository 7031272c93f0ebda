DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tickets) = 2, 'rows survive';
  ASSERT (SELECT priority FROM tickets WHERE subject = 'printer') = 'high', 'priority survives';
  ASSERT (SELECT priority FROM tickets WHERE subject = 'login') = 'low', 'priority survives';
END $$;
