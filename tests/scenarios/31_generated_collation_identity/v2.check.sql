DO $$ BEGIN
  ASSERT (SELECT total::text || ' ' || label || ' ' || tax::text || ' ' || id::text
            FROM orders WHERE name = 'b') = '11.00 B 0.50 100', 'computed again, ids kept';
  ASSERT (SELECT count(*) FROM orders) = 2, 'rows kept';
END $$;
