INSERT INTO teams VALUES (1, 1, 'red', 1, 'reds'), (2, 1, 'blue', 2, NULL), (3, 2, 'red', 1, 'rovers');
INSERT INTO players VALUES (1, 1, 1, 'red'), (2, 2, NULL, NULL), (3, 3, 2, 'red');
