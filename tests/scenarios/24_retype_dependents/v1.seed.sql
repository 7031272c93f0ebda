INSERT INTO numbers VALUES (1, 1, 2, 3, 4, 5, 6), (2, 0, 0, 0, 0, 0, 0);
INSERT INTO strings VALUES (1, 'ab', 'cd'), (2, 'x', 'y');
INSERT INTO times VALUES (1, '2020-02-03'), (2, '2001-01-01');
INSERT INTO accounts VALUES (1), (2);
INSERT INTO entries VALUES (1, 1), (2, 2);
