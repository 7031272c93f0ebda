DO $$ BEGIN
  ASSERT (SELECT tags::text || addr::text || span::text || at::text || flags::text
                 || grid::text || note::text FROM items WHERE id = 1)
         = '{a,b}10.0.0.1/32[1,10)2020-01-02 03:04:05.6791010{{1,2},{3,4}}{hello}', 'values survive';
  ASSERT (SELECT span = 'empty'::int8range AND addr = '::1/128'::cidr FROM items WHERE id = 2),
         'empty range and IPv6 survive';
END $$;
