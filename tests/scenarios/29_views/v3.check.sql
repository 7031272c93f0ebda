DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 3, 'orders survive';
  ASSERT obj_description('active_customers'::regclass, 'pg_class') IS NULL, 'comment removed';
END $$;
