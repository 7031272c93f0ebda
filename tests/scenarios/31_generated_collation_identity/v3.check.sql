DO $$ BEGIN
  ASSERT (SELECT total::text || ' ' || label FROM orders WHERE name = 'b') = '11.00 B', 'values kept';
END $$;
