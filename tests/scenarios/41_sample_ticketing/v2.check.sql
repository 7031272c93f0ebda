DO $$ BEGIN
  IF (SELECT count(*) FROM events WHERE search IS NOT NULL) <> 1 THEN RAISE EXCEPTION 'events lost or trigger off'; END IF;
END $$;
