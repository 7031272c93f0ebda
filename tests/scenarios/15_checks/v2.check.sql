DO $$ BEGIN
  ASSERT (SELECT count(*) FROM bookings) = 2, 'rows survive';
END $$;
DO $$ BEGIN
  INSERT INTO bookings VALUES (3, '2024-07-01', '2024-07-02', 9, 900);
  RAISE EXCEPTION 'the new check lets 9 guests in';
EXCEPTION WHEN check_violation THEN NULL;
END $$;
