DO $$ BEGIN
  ASSERT (SELECT count(*) FROM money.wallets) = 2, 'the moved table keeps its rows';
  ASSERT (SELECT level::text FROM money.wallets WHERE id = 10) = 'high',
    'a column of the moved enum keeps its value';
  ASSERT (SELECT history::text FROM money.wallets WHERE id = 10) = '{low,high}',
    'and an array of it';
  ASSERT (SELECT level::text FROM accounts WHERE id = 2) = 'low',
    'a public column of the moved enum keeps its value';
  ASSERT (SELECT grade::text FROM money.wallets WHERE id = 10) = 'low',
    'a domain over the moved enum keeps its value';
  ASSERT (SELECT typnamespace::regnamespace::text FROM pg_type WHERE typname = 'level') = 'money',
    'the enum is in money';
  BEGIN
    INSERT INTO events VALUES (1, 'login', repeat('x', 200));
    ASSERT false, 'the check of the domain in audit holds';
  EXCEPTION WHEN check_violation THEN NULL;
  END;
END $$;
