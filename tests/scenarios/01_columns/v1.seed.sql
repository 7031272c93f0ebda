INSERT INTO customers (email, nickname, score) VALUES ('a@x', 'al', 1), ('b@x', NULL, 2);
