INSERT INTO people VALUES
  (1, 'Ann@example.com', 'ann', 1, 10, 'a1'),
  (2, 'bob@example.com', NULL, NULL, 20, 'b2'),
  (3, 'cid@example.com', 'cid', 1, 30, 'c3');
