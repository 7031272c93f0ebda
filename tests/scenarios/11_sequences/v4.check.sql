INSERT INTO sources (name) VALUES ('stream');
DO $$ BEGIN
  ASSERT (SELECT id FROM sources WHERE name = 'stream') > (SELECT max(id) FROM sources WHERE name <> 'stream') + 1,
    'the bigserial continues where the identity stopped, past the deleted id';
END $$;
