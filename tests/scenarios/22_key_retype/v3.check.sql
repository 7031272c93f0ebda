DO $$ BEGIN
  ASSERT (SELECT count(*) FROM things t JOIN kinds k USING (kind)) = 2, 'things keep their kind';
END $$;
INSERT INTO kinds VALUES ('puzzle', 'Puzzles');
DELETE FROM kinds WHERE kind = 'puzzle';
