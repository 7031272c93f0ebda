INSERT INTO users VALUES (1, 'Ann@Example.org', 30, 'A-1'), (2, 'bob@example.org', 5, 'B-2');
