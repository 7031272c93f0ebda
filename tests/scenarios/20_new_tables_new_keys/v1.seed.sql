INSERT INTO products VALUES ('P-1', 'bolt'), ('P-2', 'nut');
INSERT INTO stock VALUES ('P-1', 10), ('P-2', 20);
