-- Rows for the corpus.
INSERT INTO lines (price, qty, name, hue) VALUES
  (2.50, 4, 'bolt', 'red'), (10, 1, 'nut', NULL), (0.99, 12, 'washer', 'red'), (5, 2, 'gear', 'green');
