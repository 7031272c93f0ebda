INSERT INTO jobs (name) VALUES ('d');
DO $$ BEGIN
  ASSERT (SELECT number FROM jobs WHERE name = 'd') = 7, 'the new default applies';
  ASSERT (SELECT id FROM jobs WHERE name = 'd') = 3, 'the identity continues after the ids held';
END $$;
