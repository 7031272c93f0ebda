INSERT INTO sources (name) VALUES ('api'), ('cron');
INSERT INTO events (source_id, payload) VALUES (1, 'a'), (2, 'b'), (1, 'c');
