DO $$ BEGIN
  ASSERT (SELECT status FROM tickets WHERE id = 3) = 'waiting', 'labels survive as text';
END $$;
