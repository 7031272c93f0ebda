INSERT INTO publishers (name) VALUES ('Harper'), ('Einaudi');
