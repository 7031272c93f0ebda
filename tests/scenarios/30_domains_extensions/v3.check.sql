DO $$ BEGIN
  ASSERT (SELECT ref || age::text || email FROM users WHERE id = 1) = 'A-130Ann@Example.org', 'values survive';
END $$;
