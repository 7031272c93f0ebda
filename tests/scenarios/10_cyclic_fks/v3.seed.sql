INSERT INTO projects VALUES (1, 101);
UPDATE employees SET project_id = 1 WHERE id = 100;
