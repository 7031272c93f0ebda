DO $$ BEGIN
  ASSERT (SELECT price FROM items WHERE id = 1) = 250, 'the moved and renamed domain keeps its values';
  ASSERT (SELECT grade::text FROM items WHERE id = 1) = 'high', 'so does the moved one';
  ASSERT (SELECT name FROM items WHERE id = 2) = 'desk', 'and the renamed one';
  ASSERT (SELECT typnamespace::regnamespace::text FROM pg_type WHERE typname = 'amount') = 'money',
    'amount is in money';
  ASSERT (SELECT typnamespace::regnamespace::text FROM pg_type WHERE typname = 'grade') = 'public',
    'grade is in public';
  ASSERT to_regnamespace('billing') IS NULL, 'billing is gone';
  BEGIN
    UPDATE items SET price = -1 WHERE id = 1;
    ASSERT false, 'the moved domain keeps its check';
  EXCEPTION WHEN check_violation THEN NULL;
  END;
END $$;
