DO $$ BEGIN
  ASSERT (SELECT count(DISTINCT position) FROM events) = 3, 'every row got a position';
  ASSERT (SELECT count(*) FROM events WHERE counter IS NOT NULL) = 3, 'counter values stay';
END $$;
INSERT INTO sources (name) VALUES ('queue');
DO $$ BEGIN
  ASSERT (SELECT id FROM sources WHERE name = 'queue') > (SELECT max(id) FROM sources WHERE name <> 'queue') + 1,
    'the identity continues where the serial stopped, past the deleted id';
END $$;
