DO $$ BEGIN
  IF (SELECT count(*) FROM notes) <> 2 THEN RAISE EXCEPTION 'notes lost'; END IF;
END $$;
