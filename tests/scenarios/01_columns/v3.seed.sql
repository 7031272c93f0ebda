INSERT INTO orders (client_id, total) SELECT id, 9.99 FROM clients;
