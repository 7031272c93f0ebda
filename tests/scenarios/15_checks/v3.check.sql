DO $$ BEGIN
  ASSERT (SELECT count(*) FROM bookings) = 2, 'rows survive';
END $$;
