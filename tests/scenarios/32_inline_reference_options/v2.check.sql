DO $$ BEGIN
  ASSERT (SELECT count(*) FROM posts) = 2, 'rows kept';
  ASSERT (SELECT condeferred FROM pg_constraint WHERE conname = 'posts_author_id_fkey'), 'initially deferred';
END $$;
