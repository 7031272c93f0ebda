DO $$ BEGIN
  ASSERT (SELECT count(*) FROM accounts) = 2, 'accounts survive';
  ASSERT (SELECT count(*) FROM rich_accounts) = 1, 'the view calls the recreated function';
  UPDATE account_emails SET email = '  ANN@example.com ' WHERE id = 1;
  ASSERT (SELECT email FROM accounts WHERE id = 1) = 'ann@example.com', 'instead-of trigger, then the replaced body';
  UPDATE accounts SET balance = balance + 1 WHERE id = 2;
  UPDATE accounts SET balance = balance - 1 WHERE id = 2;
  ASSERT (SELECT count(*) FROM audit) = 2, 'the changed trigger';
  DELETE FROM audit;
  ASSERT obj_description('normalize_email'::regproc, 'pg_proc') = 'Lower-cases and trims addresses.', 'function comment';
END $$;
