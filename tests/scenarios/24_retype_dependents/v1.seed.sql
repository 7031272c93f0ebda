INSERT INTO numbers VALUES (1, 1, 2, 3, 4, 5, 6, 7.5), (2, 0, 0, 0, 0, 0, 0, 0);
INSERT INTO strings VALUES (1, 'ab', 'cd', 'ef'), (2, 'x', 'y', 'z');
INSERT INTO times VALUES (1, '2020-02-03'), (2, '2001-01-01');
INSERT INTO accounts VALUES (1), (2);
INSERT INTO entries VALUES (1, 1), (2, 2);
INSERT INTO labels VALUES ('a'), ('b');
INSERT INTO tags VALUES (1, 'a'), (2, 'b');
