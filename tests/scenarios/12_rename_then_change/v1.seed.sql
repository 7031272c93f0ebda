INSERT INTO customers (email, kind, phone, score) VALUES ('a@x', 'person', '123', 5), ('b@x', 'company', NULL, 7);
INSERT INTO invoices (customer_id, amount) VALUES (1, 10), (2, 20), (2, 30);
