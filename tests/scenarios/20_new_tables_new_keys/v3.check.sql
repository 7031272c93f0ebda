DO $$ BEGIN
  ASSERT (SELECT count(*) FROM stock) = 2, 'stock survives';
  ASSERT (SELECT count(*) FROM prices p JOIN products r ON r.id = p.product_id) = 2, 'prices survive';
END $$;
INSERT INTO stock_moves (stock_id, delta) SELECT id, -1 FROM stock;
