-- name: broken :many
SELECT id FROM users WHERE;
