DO $$ BEGIN
  ASSERT (SELECT price FROM items WHERE id = 1) = 250, 'amount keeps its values back in public';
  ASSERT (SELECT name FROM items WHERE id = 1) = 'lamp', 'the rebuilt domain keeps its values';
  ASSERT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
          WHERE attrelid = 'items'::regclass AND attname = 'name') = 'heading',
    'the column is of the renamed domain';
END $$;
