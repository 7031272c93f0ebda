DO $$ BEGIN
  ASSERT (SELECT count(*) FROM event_log e JOIN origins o ON o.id = e.source_id) = 3, 'events survive';
  ASSERT (SELECT count(*) FROM pg_class WHERE relkind = 'S') = 0, 'no sequence is left behind';
END $$;
