DO $$ BEGIN
  ASSERT (SELECT price FROM products WHERE id = 1) = 1234.56, 'price survives numeric widening';
  ASSERT (SELECT code FROM products WHERE id = 2) = 'CD-22', 'code survives varchar widening';
  ASSERT (SELECT title FROM products WHERE id = 1) = 'Kettle', 'title survives varchar to text';
  ASSERT (SELECT stock FROM products WHERE id = 1) = 12, 'stock survives smallint to integer';
  ASSERT (SELECT weight FROM products WHERE id = 2) = 2.25, 'weight survives real to double';
  ASSERT (SELECT note FROM order_lines WHERE quantity = 1) = '', 'default survives';
END $$;
