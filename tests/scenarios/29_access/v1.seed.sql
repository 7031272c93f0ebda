INSERT INTO users (name) VALUES ('ann'), ('bob');
INSERT INTO notes (owner_id, title, body) VALUES (1, 'a', 'x'), (2, 'b', 'y');
