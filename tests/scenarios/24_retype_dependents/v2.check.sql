DO $$ BEGIN
  ASSERT (SELECT a + b + c + d + e + f FROM numbers WHERE id = 1) = 21, 'numbers survive';
  ASSERT (SELECT rtrim(p::text) || rtrim(q::text) FROM strings WHERE id = 1) = 'abcd', 'strings survive';
  ASSERT (SELECT t::date FROM times WHERE id = 1) = '2020-02-03', 'times survive';
  ASSERT (SELECT count(*) FROM entries JOIN accounts ON account = code) = 2, 'keys survive';
END $$;
