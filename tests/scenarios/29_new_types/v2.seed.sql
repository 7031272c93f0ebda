UPDATE items SET mac = '08:00:2b:01:02:03', doc = to_tsvector('simple', 'quick brown fox'),
                 x = '<a>1</a>', iv = '1 day 02:03:04.5', rd = '[2020-01-01,2020-02-01)',
                 zones = ARRAY['[2020-01-01 00:00+00,2020-01-02 00:00+00)'::tstzrange], t0 = '12:34:56'
 WHERE id = 1;
