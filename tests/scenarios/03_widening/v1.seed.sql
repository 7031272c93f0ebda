INSERT INTO products (id, code, title, stock, price, weight) VALUES
  (1, 'AB-1', 'Kettle', 12, 1234.56, 1.5), (2, 'CD-22', 'Toaster', 3, 19.99, 2.25);
INSERT INTO order_lines (product_id, quantity, note) VALUES (1, 2, 'gift'), (2, 1, DEFAULT);
