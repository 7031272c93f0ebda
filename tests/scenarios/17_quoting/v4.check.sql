DO $$ BEGIN
  ASSERT (SELECT count(*) FROM "Line Items") = 2, 'line items survive';
END $$;
