DO $$ BEGIN
  ASSERT (SELECT count(*) FROM pages) = 3, 'pages survive';
  ASSERT (SELECT count(*) FROM pages WHERE data ? 'tags') = 1, 'jsonb survives';
END $$;
