INSERT INTO accounts (email) VALUES ('ann@example.com'), ('bob@example.com');
INSERT INTO billing.accounts_billing VALUES (10, 1, 5.50), (11, 2, 0);
