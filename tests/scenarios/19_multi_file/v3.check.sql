DO $$ BEGIN
  ASSERT (SELECT count(*) FROM reactions) = 2, 'reactions survive';
  ASSERT (SELECT count(*) FROM posts) = 2, 'posts survive';
END $$;
