DO $$ BEGIN
  ASSERT (SELECT count(*) FROM volumes) = 3, 'volumes keep the books';
  ASSERT (SELECT count(*) FROM reviews r JOIN volumes v ON v.id = r.book_id) = 2, 'reviews still point at their volumes';
  ASSERT (SELECT count(*) FROM volumes WHERE publisher_id IS NULL) = 3, 'new column is NULL';
END $$;
INSERT INTO volumes (author_id, title) VALUES (3, 'Solaris');
DO $$ BEGIN
  ASSERT (SELECT id FROM volumes WHERE title = 'Solaris') = 4, 'serial continues after the rename';
END $$;
