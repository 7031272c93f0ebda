INSERT INTO status (name) VALUES ('open'), ('waiting'), ('closed');
