DO $$ BEGIN
  ASSERT (SELECT leave FROM bookings WHERE id = 1) = '2024-05-03', 'renamed column keeps values';
  ASSERT (SELECT status FROM bookings WHERE id = 2) = 'no-show', 'status survives';
END $$;
