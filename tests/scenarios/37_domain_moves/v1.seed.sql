INSERT INTO items VALUES (1, 250, 'high', 'lamp'), (2, 0, NULL, 'desk');
