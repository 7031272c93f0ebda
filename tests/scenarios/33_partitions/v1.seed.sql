INSERT INTO customers VALUES (1, 'de', 'Anna'), (2, 'us', 'Bob'), (3, 'fr', 'Chloé');
INSERT INTO events VALUES
  (1, '2023-05-01', 1, 'de', 'signup'),
  (2, '2024-03-01', 2, 'us', 'signup'),
  (3, '2024-03-02', 1, 'de', 'order');
INSERT INTO sessions VALUES
  ('00000000-0000-0000-0000-000000000001', '2024-03-01 10:00Z'),
  ('00000000-0000-0000-0000-000000000002', '2024-03-01 11:00Z');
