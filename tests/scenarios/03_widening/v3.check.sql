DO $$ BEGIN
  ASSERT (SELECT count(*) FROM order_lines l JOIN products p ON p.id = l.product_id) = 2, 'lines still reference products';
  ASSERT (SELECT price FROM products WHERE id = 2) = 99999.99, 'price survives';
  ASSERT (SELECT code FROM products WHERE id = 2) = 'LONGER-CODE-16', 'code survives';
END $$;
INSERT INTO products (id, code, title, price, weight) VALUES (5000000000, 'BIG', 'Big id', 1, 1);
INSERT INTO order_lines (product_id, quantity) VALUES (5000000000, 3000000000);
DO $$ BEGIN
  ASSERT (SELECT id FROM order_lines WHERE product_id = 5000000000) = 3, 'serial continues as bigserial';
END $$;
DELETE FROM order_lines WHERE product_id = 5000000000;
DELETE FROM products WHERE id = 5000000000;
