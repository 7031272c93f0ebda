DO $$ BEGIN
  ASSERT (SELECT count(*) FROM tickets) = 2, 'rows survive';
  ASSERT (SELECT body FROM tickets WHERE subject = 'printer') = 'jammed', 'body survives';
END $$;
INSERT INTO tickets (subject) VALUES ('defaults');
DO $$ BEGIN
  ASSERT (SELECT priority FROM tickets WHERE subject = 'defaults') = 'normal', 'enum default';
  ASSERT (SELECT assignee FROM tickets WHERE subject = 'defaults') = 'nobody''s', 'quoted default';
  ASSERT (SELECT opened_on FROM tickets WHERE subject = 'defaults') = '2024-01-01', 'date default';
  ASSERT (SELECT meta->>'v' FROM tickets WHERE subject = 'defaults') = '1', 'json default';
  ASSERT (SELECT reopened FROM tickets WHERE subject = 'defaults') = 1, 'changed default';
END $$;
DELETE FROM tickets WHERE subject = 'defaults';
