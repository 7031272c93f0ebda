DO $$ BEGIN
  ASSERT (SELECT text FROM logs WHERE id = 2) = 'disk full', 'renamed column keeps values';
END $$;
