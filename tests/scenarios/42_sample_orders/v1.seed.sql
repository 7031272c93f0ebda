INSERT INTO countries VALUES ('de', 'Germany');
INSERT INTO customers (email, name, country) VALUES ('b@example.com', 'Bob', 'de');
INSERT INTO products (sku, name, unit_price) VALUES ('p1', 'Pen', 1.50);
INSERT INTO orders (customer_id) VALUES (1);
INSERT INTO order_lines VALUES (1, 1, 'p1', 4, 1.50);
