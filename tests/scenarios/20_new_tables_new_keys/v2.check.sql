DO $$ BEGIN
  ASSERT (SELECT count(*) FROM stock s JOIN products p ON p.code = s.product_code) = 2, 'stock still references';
  ASSERT (SELECT count(DISTINCT sku) FROM products) = 2, 'every product got a sku';
END $$;
INSERT INTO prices SELECT id, '2024-01-01', 1.5 FROM products;
INSERT INTO barcodes SELECT sku, '4006381333931' FROM products WHERE code = 'P-1';
DELETE FROM barcodes;
DELETE FROM prices;
