DO $$ BEGIN
  ASSERT (SELECT count(*) FROM pages) = 3, 'pages survive';
END $$;
