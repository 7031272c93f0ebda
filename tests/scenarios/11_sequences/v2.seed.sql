-- The newest source is deleted: its id must never come back.
INSERT INTO sources (name) VALUES ('gone');
DELETE FROM sources WHERE name = 'gone';
