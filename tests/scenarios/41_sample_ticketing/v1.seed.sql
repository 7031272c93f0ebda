INSERT INTO venues (id, name, city, capacity) VALUES (10, 'Hall', 'Köln', 500);
INSERT INTO events (venue_id, title, starts_at, ends_at, status) VALUES (10, 'Opening', '2030-01-01 20:00+00', '2030-01-01 23:00+00', 'on_sale');
INSERT INTO customers (email, name) VALUES ('a@example.com', 'Ann');
