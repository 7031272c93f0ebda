DO $$ BEGIN
  ASSERT (SELECT count(*) FROM writers) = 2, 'writers keep the authors';
  ASSERT (SELECT count(*) FROM books b JOIN writers w ON w.id = b.author_id) = 3, 'books still point at their writers';
  ASSERT (SELECT name FROM writers WHERE id = 2) = 'Calvino', 'names survive';
END $$;
-- The identity sequence followed the table: new writers get fresh ids.
INSERT INTO writers (name) VALUES ('Lem');
DO $$ BEGIN
  ASSERT (SELECT id FROM writers WHERE name = 'Lem') = 3, 'identity continues after the rename';
END $$;
