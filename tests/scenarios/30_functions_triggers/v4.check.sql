DO $$ BEGIN
  ASSERT (SELECT count(*) FROM accounts) = 2, 'accounts survive';
  UPDATE accounts SET email = 'X' WHERE id = 2;
  ASSERT (SELECT email FROM accounts WHERE id = 2) = 'X', 'no trigger is left';
  UPDATE accounts SET email = 'bob@example.com' WHERE id = 2;
END $$;
