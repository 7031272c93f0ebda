-- name: unnamed :one
SELECT id, 1 + 1 FROM users;
