DO $$ BEGIN
  ASSERT (SELECT count(*) FROM billing.wallets) = 2, 'the renamed table keeps its rows';
  ASSERT (SELECT sum(balance) FROM billing.wallets) = 5.50, 'and their values';
  ASSERT (SELECT count(*) FROM accounts) = 2, 'public.accounts is untouched';
  INSERT INTO audit.events (account_id, what) VALUES (1, 'login');
  ASSERT (SELECT id FROM audit.events) = 1, 'the serial in audit works';
  DELETE FROM audit.events;
  BEGIN
    UPDATE accounts SET billing_id = 99 WHERE id = 1;
    ASSERT false, 'the foreign key into billing is enforced';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
END $$;
