INSERT INTO sources (name) VALUES ('gone too');
DELETE FROM sources WHERE name = 'gone too';
