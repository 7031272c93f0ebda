DO $$ BEGIN
  ASSERT (SELECT a + b + c + d + e + f + g FROM numbers WHERE id = 1) = 28.5, 'numbers survive';
  ASSERT (SELECT rtrim(p::text) || rtrim(q::text) || rtrim(r::text) FROM strings WHERE id = 1) = 'abcdef',
    'strings survive';
  ASSERT (SELECT t::date FROM times WHERE id = 1) = '2020-02-03', 'times survive';
  ASSERT (SELECT count(*) FROM entries JOIN accounts ON account = code) = 2, 'number keys survive';
  ASSERT (SELECT count(*) FROM tags JOIN labels ON label = code) = 2, 'string keys survive';
END $$;
