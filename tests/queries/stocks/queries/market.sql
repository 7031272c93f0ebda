-- Numbers, dates and times over schemas/stocks.

-- name: latest_close :one
-- args: 'AAPL'
SELECT s.symbol, d.date, d.close, d.adjusted_close
FROM tracked_stock s JOIN stock_data d ON d.tracked_stock_id = s.id
WHERE s.symbol = @symbol
ORDER BY d.date DESC
LIMIT 1;

-- name: price_range :many
-- args: '2024-01-01', '2024-01-31'
SELECT s.symbol, min(d.low) AS low, max(d.high) AS high, sum(d.volume) AS volume
FROM tracked_stock s JOIN stock_data d ON d.tracked_stock_id = s.id
WHERE d.date BETWEEN @first::date AND @last::date
GROUP BY s.symbol
ORDER BY s.symbol;

-- name: moving_average :many
-- args: 1
SELECT date, close, avg(close) OVER (ORDER BY date ROWS 2 PRECEDING)::numeric(12,4) AS ma3
FROM stock_data
WHERE tracked_stock_id = @stock_id
ORDER BY date;

-- name: watchlist :many
-- args: 1
SELECT s.symbol, s.currency, s.security_type, w.alert_above, w.notes
FROM watchlist_entries w JOIN tracked_stock s ON s.id = w.tracked_stock_id
WHERE w.user_id = @user_id
ORDER BY s.symbol;

-- name: digest_users :many
SELECT id, email, digest_at, display_name FROM app_users WHERE digest_at IS NOT NULL ORDER BY id;

-- name: set_market_cap :execrows
-- args: '3000000000000', 'AAPL'
UPDATE tracked_stock SET market_cap = @cap::numeric WHERE symbol = @symbol;
