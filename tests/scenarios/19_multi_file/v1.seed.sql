INSERT INTO users (handle, role) VALUES ('ann', 'moderator'), ('bob', DEFAULT);
INSERT INTO threads (author_id, title) VALUES (1, 'Welcome');
INSERT INTO posts (thread_id, author_id, body) VALUES (1, 1, 'hi'), (1, 2, 'hello');
