DO $$ BEGIN
  ASSERT (SELECT count(*) FROM events) = 2, 'the rows of the other partitions survive';
  ASSERT (SELECT count(*) FROM customers) = 3, 'customers survive';
  INSERT INTO metrics (taken_at, value) VALUES ('2023-06-01Z', 1), ('2024-06-01Z', 2);
  ASSERT (SELECT count(*) FROM metrics_old) = 1, 'rows go to their partition';
  DELETE FROM metrics;
END $$;
