DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tickets WHERE NOT escalated) = 2, 'escalated survives';
END $$;
