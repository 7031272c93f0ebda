DO $$ BEGIN
  ASSERT (SELECT count(*) FROM companies) = 2, 'companies survive';
END $$;
