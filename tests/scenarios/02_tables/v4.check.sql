DO $$ BEGIN
  ASSERT (SELECT count(*) FROM volumes) >= 3, 'volumes survive dropping the tables around them';
  ASSERT (SELECT count(*) FROM writers) = 3, 'writers survive';
END $$;
