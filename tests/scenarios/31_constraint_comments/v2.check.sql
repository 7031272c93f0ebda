DO $$ BEGIN
  ASSERT (SELECT count(*) FROM articles) = 1, 'rows survive';
  ASSERT obj_description('articles_slug_idx'::regclass, 'pg_class') = 'Lookups by URL.', 'index comment';
  ASSERT (SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'words_positive')
         = 'Empty articles are drafts, kept elsewhere.', 'check comment';
END $$;
