-- Rows for the corpus, with explicit times.
INSERT INTO app_users (id, email, password_hash, display_name, digest_at, created_at, updated_at) VALUES
  (1, 'a@example.com', 'h', 'A', '07:30', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  (2, 'b@example.com', 'h', NULL, '18:00:00.25', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  (3, 'c@example.com', 'h', 'C', NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00');
INSERT INTO tracked_stock (id, symbol, exchange, name, security_type, currency, market_cap) VALUES
  (1, 'AAPL', 'XNAS', 'Apple', 'common_stock', 'USD', 2800000000000),
  (2, 'VOD.L', 'XLON', 'Vodafone', 'common_stock', 'GBP', NULL),
  (3, 'SPY', 'ARCX', 'SPDR S&P 500', 'etf', 'USD', NULL);
INSERT INTO stock_data (tracked_stock_id, date, open, high, low, close, adjusted_close, volume, fetched_at) VALUES
  (1, '2024-01-02', 187.15, 188.44, 183.885, 185.64, 185.1, 82488700, '2024-01-03 00:00:00+00'),
  (1, '2024-01-03', 184.22, 185.88, 183.43, 184.25, NULL, 58414500, '2024-01-04 00:00:00+00'),
  (1, '2024-01-04', 182.15, 183.0872, 180.88, 181.91, 181.4, 71983600, '2024-01-05 00:00:00+00'),
  (2, '2024-01-02', 0.69, 0.7, 0.68, 0.6912, NULL, 40000000, '2024-01-03 00:00:00+00'),
  (3, '2023-12-29', 476.49, 477.03, 473.3, 475.31, 470.0, 122234100, '2023-12-30 00:00:00+00');
INSERT INTO watchlist_entries (user_id, tracked_stock_id, added_at, notes, alert_above, alert_below) VALUES
  (1, 1, '2024-01-01 00:00:00+00', 'core', 200.5, 150),
  (1, 3, '2024-01-01 00:00:00+00', NULL, NULL, NULL),
  (2, 2, '2024-01-01 00:00:00+00', 'pence', 1.0, NULL);
