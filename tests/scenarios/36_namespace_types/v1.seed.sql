INSERT INTO accounts VALUES (1, 'active', 'high'), (2, 'closed', 'low');
INSERT INTO billing.wallets VALUES (10, 1, 500, 'high', 'low', 'active', '{low,high}'),
  (11, 2, 0, 'low', NULL, 'closed', NULL);
