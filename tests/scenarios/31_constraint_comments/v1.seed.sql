INSERT INTO authors VALUES (1, 'ann');
INSERT INTO posts VALUES (1, 1, 'hello', 10);
