DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tickets t JOIN status s ON s.name = t.status) = 3, 'tickets reference their status';
END $$;
