DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 5, 'rows survive';
  ASSERT (SELECT state FROM orders WHERE id = 4) = 'packed', 'values survive the rename';
  ASSERT (SELECT pg_typeof(state)::text FROM orders WHERE id = 4) = 'order_status', 'column has the renamed type';
END $$;
