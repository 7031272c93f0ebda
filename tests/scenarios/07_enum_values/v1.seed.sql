INSERT INTO orders VALUES (1, 'placed', 'web', NULL), (2, 'paid', 'phone', 'placed'), (3, 'shipped', 'web', 'paid');
