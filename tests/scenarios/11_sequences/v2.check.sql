DO $$ BEGIN
  ASSERT (SELECT count(*) FROM events) = 3, 'events survive';
END $$;
INSERT INTO sources (name) VALUES ('queue');
INSERT INTO events (source_id, payload, counter) VALUES (3, 'd', 1000000);
INSERT INTO events (source_id, payload) VALUES (3, 'e');
DO $$ BEGIN
  ASSERT (SELECT id FROM sources WHERE name = 'queue') = 3, 'bigserial continues';
  ASSERT (SELECT id FROM events WHERE payload = 'e') = 5, 'identity continues';
  ASSERT (SELECT pg_get_serial_sequence('events', 'id')) = 'public.events_id_seq', 'sequence kept';
END $$;
DELETE FROM events WHERE payload IN ('d', 'e');
DELETE FROM sources WHERE name = 'queue';
