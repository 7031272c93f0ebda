INSERT INTO prices SELECT id, '2024-01-01', 1.5 FROM products;
