INSERT INTO projects VALUES (1, 'CORE'), (2, 'WEB');
INSERT INTO tasks VALUES (10, 1, 'CORE', NULL), (11, 1, 'CORE', 10), (20, 2, 'WEB', NULL);
INSERT INTO notes VALUES (100, 10, 'first'), (101, 11, 'second'), (200, 20, 'web');
