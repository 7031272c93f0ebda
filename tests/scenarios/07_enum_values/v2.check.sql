DO $$ BEGIN
  ASSERT (SELECT count(*) FROM orders) = 3, 'rows survive';
  ASSERT (SELECT state FROM orders WHERE id = 2) = 'paid', 'values survive';
  ASSERT (SELECT array_agg(state ORDER BY state)::text[] FROM orders) = '{placed,paid,shipped}', 'order kept';
END $$;
