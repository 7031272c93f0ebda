DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 5, 'rows survive the type swap';
  ASSERT (SELECT state FROM orders WHERE id = 4) = 'packed', 'values survive the type swap';
  ASSERT (SELECT state FROM orders WHERE id = 3) < 'packed', 'new order applies';
  ASSERT (SELECT count(*) FROM orders WHERE channel = 'store') = 2, 'channel survives';
END $$;
