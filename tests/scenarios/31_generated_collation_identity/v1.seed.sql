INSERT INTO orders (price, qty, name, label, code) VALUES (2.50, 4, 'b', 'old', 'x'), (1.00, 1, 'A', NULL, 'y');
