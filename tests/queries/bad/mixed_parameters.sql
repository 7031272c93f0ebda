-- name: mixed :one
SELECT id FROM users WHERE id = $1 AND email = @email;
