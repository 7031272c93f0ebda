-- name: ids :one
SELECT array_agg(id) AS ids FROM users;
