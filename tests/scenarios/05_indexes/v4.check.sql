DO $$ BEGIN
  ASSERT (SELECT count(*) FROM pages) = 3, 'pages survive';
  ASSERT (SELECT count(*) FROM spaces) = 2, 'spaces survive';
END $$;
