DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 3, 'orders survive';
  ASSERT (SELECT spent FROM customer_totals WHERE id = 1) = 10.00, 'the materialized view is filled';
  ASSERT (SELECT count(*) FROM big_orders) = 2, 'the new view reads the renamed column';
  ASSERT (SELECT address FROM active_customers) = 'a@example.com', 'the changed view';
  ASSERT obj_description('active_customers'::regclass, 'pg_class') = 'Customers who may order, with their address.', 'view comment';
END $$;
