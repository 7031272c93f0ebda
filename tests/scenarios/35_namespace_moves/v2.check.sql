DO $$ BEGIN
  ASSERT (SELECT count(*) FROM money.wallets) = 2, 'the moved table keeps its rows';
  ASSERT (SELECT sum(balance) FROM money.wallets) = 6.75, 'and their values';
  ASSERT (SELECT count(*) FROM money.memos) = 2, 'the moved and renamed table keeps its rows';
  ASSERT (SELECT count(*) FROM money.hits) = 3, 'the moved partitioned table keeps its rows';
  ASSERT (SELECT count(*) FROM money.hits_2024) = 2, 'and its kept partition its rows';
  ASSERT (SELECT count(*) FROM pg_namespace WHERE nspname = 'billing') = 0,
    'the emptied namespace is dropped';
  INSERT INTO money.memos (body) VALUES ('third');
  ASSERT (SELECT max(id) FROM money.memos) = 3, 'the moved sequence goes on';
  DELETE FROM money.memos WHERE id = 3;
  INSERT INTO money.wallets (owner_id) VALUES (1);
  ASSERT (SELECT max(id) FROM money.wallets) = 3, 'the moved identity goes on';
  DELETE FROM money.wallets WHERE id = 3;
  BEGIN
    INSERT INTO money.wallets (owner_id) VALUES (99);
    ASSERT false, 'the moved foreign key is enforced';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
END $$;
