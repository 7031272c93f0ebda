DO $$ BEGIN
  ASSERT (SELECT count(*) FROM customers) = 2, 'rows survive';
  ASSERT (SELECT display_name FROM customers WHERE email = 'a@x') = 'al', 'renamed column keeps values';
  ASSERT (SELECT score FROM customers WHERE email = 'b@x') = 2, 'widened column keeps values';
  ASSERT (SELECT bool_and(active) FROM customers), 'new column takes its default';
END $$;
