-- name: counted :one
-- not null: total
SELECT count(*) AS n FROM users;
