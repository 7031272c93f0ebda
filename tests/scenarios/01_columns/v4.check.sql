DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 2, 'orders survive';
  ASSERT (SELECT sum(total) FROM orders) = 19.98, 'totals survive widening';
END $$;
