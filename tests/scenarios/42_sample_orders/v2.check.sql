DO $$ BEGIN
  IF (SELECT total FROM orders WHERE id = 1) <> 6.00 THEN RAISE EXCEPTION 'order total lost'; END IF;
END $$;
