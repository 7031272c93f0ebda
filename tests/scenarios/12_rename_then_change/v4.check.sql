DO $$ BEGIN
  ASSERT (SELECT count(*) FROM invoices i JOIN accounts a ON a.id = i.account_id) = 3, 'invoices still reference';
  ASSERT (SELECT sum(amount) FROM invoices WHERE account_id = 2) = 50, 'amounts survive';
END $$;
INSERT INTO accounts (mail) VALUES ('d@x');
DO $$ BEGIN
  ASSERT (SELECT id FROM accounts WHERE mail = 'd@x') = 4, 'the sequence followed the second rename';
END $$;
