DO $$ BEGIN
  ASSERT (SELECT price FROM products WHERE id = 1) = 1234.56, 'price survives dropping the bound';
  ASSERT (SELECT weight FROM products WHERE id = 2) = 2.2500, 'weight survives double to numeric';
END $$;
