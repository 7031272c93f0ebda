DO $$ BEGIN
  ASSERT (SELECT count(*) FROM bookings) = 3, 'bookings survive';
  BEGIN
    INSERT INTO bookings VALUES (4, 3, '2026-01-01 10:30Z', '2026-01-01 10:45Z', 20, 21, false);
    ASSERT false, 'overlapping live bookings are refused';
  EXCEPTION WHEN exclusion_violation THEN NULL;
  END;
END $$;
