-- Rows made by the server, as many as asked for: test_stream.c streams a
-- million of them.

-- name: numbers :many
SELECT g AS n, md5(g::text) AS label, (g * 0.01)::numeric(12,2) AS amount
FROM generate_series(1, @count::integer) AS g;
