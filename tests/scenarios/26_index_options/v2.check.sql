DO $$ BEGIN
  ASSERT (SELECT count(*) FROM people) = 3, 'people survive';
  BEGIN
    INSERT INTO people VALUES (4, 'ann@EXAMPLE.com', 'dan', 2, 1, 'd4');
    ASSERT false, 'lower(email) is unique';
  EXCEPTION WHEN unique_violation THEN NULL;
  END;
  BEGIN
    INSERT INTO people VALUES (5, 'eve@example.com', NULL, 2, 1, 'e5');
    ASSERT false, 'a second NULL nick conflicts';
  EXCEPTION WHEN unique_violation THEN NULL;
  END;
END $$;
