DO $$ BEGIN
  ASSERT (SELECT count(*) FROM players) = 3, 'players survive';
  -- A swap that passes through a duplicate rank: fine when deferred.
  UPDATE teams SET rank = 3 - rank WHERE league = 1;
  UPDATE teams SET rank = 3 - rank WHERE league = 1;
  BEGIN
    INSERT INTO players VALUES (4, 1, 1, NULL);
    ASSERT false, 'MATCH FULL refuses a half-NULL reference';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
  BEGIN
    INSERT INTO teams VALUES (4, 3, 'x', 1, NULL);
    ASSERT false, 'a second NULL nick conflicts';
  EXCEPTION WHEN unique_violation THEN NULL;
  END;
END $$;
