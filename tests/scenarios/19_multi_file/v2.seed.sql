INSERT INTO reactions VALUES (1, 2, '+1'), (2, 1, 'heart');
