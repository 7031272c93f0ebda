INSERT INTO jobs (name) VALUES ('a'), ('b');
