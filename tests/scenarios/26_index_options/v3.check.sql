DO $$ BEGIN
  ASSERT (SELECT count(*) FROM people) = 3, 'people survive';
  ASSERT (SELECT string_agg(code, ',' ORDER BY id) FROM people) = 'a1,b2,c3', 'codes survive';
END $$;
