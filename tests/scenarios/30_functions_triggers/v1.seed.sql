INSERT INTO accounts VALUES (1, 'ann@example.com', 150.00), (2, 'bob@example.com', 20.00);
