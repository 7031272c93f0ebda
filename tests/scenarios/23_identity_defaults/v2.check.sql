DO $$ BEGIN
  ASSERT (SELECT count(*) FROM jobs) = 2, 'rows survive';
  ASSERT (SELECT array_agg(id ORDER BY id) FROM jobs) = '{1,2}', 'ids survive';
END $$;
INSERT INTO jobs (name) VALUES ('c');
DO $$ BEGIN
  ASSERT (SELECT number FROM jobs WHERE name = 'c') = 1, 'the identity starts after the values held';
  ASSERT (SELECT id FROM jobs WHERE name = 'c') > 1000000, 'the default numbers new rows';
END $$;
DELETE FROM jobs WHERE name = 'c';
