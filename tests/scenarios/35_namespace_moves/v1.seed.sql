INSERT INTO accounts (email) VALUES ('ann@example.com'), ('bob@example.com');
INSERT INTO notes (body) VALUES ('first'), ('second');
INSERT INTO billing.wallets (owner_id, balance) VALUES (1, 5.50), (2, 1.25);
INSERT INTO billing.hits (day) VALUES ('2024-03-01'), ('2024-07-01'), ('2027-01-01');
