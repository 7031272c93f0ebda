DO $$ BEGIN
  ASSERT (SELECT count(*) FROM notebooks) = 2, 'rows survive';
  ASSERT (SELECT count(*) FROM pg_proc WHERE proname = 'notes_set_updated_at') = 0, 'function gone';
END $$;
