INSERT INTO customers VALUES (1, 'a@example.com', true), (2, 'b@example.com', false);
INSERT INTO orders VALUES (10, 1, 5.50), (11, 1, 4.50), (12, 2, 7.00);
REFRESH MATERIALIZED VIEW customer_totals;
