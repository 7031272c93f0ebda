INSERT INTO countries VALUES ('FR', 'France'), ('IT', 'Italy');
INSERT INTO regions VALUES ('FR', 'IDF', 'Île-de-France'), ('IT', 'LAZ', 'Lazio');
INSERT INTO cities VALUES (1, 'FR', 'IDF', 'Paris'), (2, 'IT', 'LAZ', 'Roma');
INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');
INSERT INTO sessions VALUES ('t1', 'a@x'), ('t2', 'b@x');
