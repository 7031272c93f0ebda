INSERT INTO orders VALUES (4, 'packed', 'store', 'checked'), (5, 'draft', 'web', NULL);
