INSERT INTO departments VALUES (10, 1, NULL, 'R&D'), (20, 2, NULL, 'Sales');
INSERT INTO employees VALUES (100, 10, NULL, 'Ann'), (101, 10, 100, 'Bob'), (200, 20, NULL, 'Cy');
UPDATE departments SET head_id = 100 WHERE id = 10;
UPDATE departments SET head_id = 200 WHERE id = 20;
