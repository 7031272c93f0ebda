INSERT INTO companies VALUES (1, 'Acme'), (2, 'Globex');
