DO $$ BEGIN
  ASSERT (SELECT balance FROM accounts WHERE id = 1) = 150.00, 'balances survive the retype';
  UPDATE accounts SET balance = balance + 1 WHERE id = 1;
  UPDATE accounts SET balance = balance - 1 WHERE id = 1;
  ASSERT (SELECT count(*) FROM audit) = 2, 'the trigger with a WHEN came back';
  DELETE FROM audit;
END $$;
