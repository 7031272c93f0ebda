DO $$ BEGIN
  ASSERT (SELECT count(*) FROM customers) = 3, 'customers survive';
  ASSERT (SELECT count(*) FROM events) = 3, 'events survive';
  ASSERT (SELECT count(*) FROM events_2024) = 2, 'the narrowed partition keeps its rows';
  ASSERT (SELECT count(*) FROM sessions) = 2, 'sessions survive';
  INSERT INTO customers VALUES (4, 'jp', 'Daiki', NULL);
  ASSERT (SELECT count(*) FROM customers_other) = 1, 'the default partition takes the rest';
  DELETE FROM customers WHERE id = 4;
  BEGIN
    INSERT INTO invoices VALUES (1, 9, 'de');
    ASSERT false, 'a foreign key to a partitioned table is enforced';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
END $$;
