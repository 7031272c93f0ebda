DO $$ BEGIN
  ASSERT (SELECT email FROM users WHERE id = 1) = 'ann@example.org', 'citext compares without case';
  ASSERT (SELECT ref || age::text FROM users WHERE id = 2) = 'B-25', 'values survive';
END $$;
