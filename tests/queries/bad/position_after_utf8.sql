-- name: greeting :one
SELECT 'héllo wörld' AS greeting, missing_column FROM users;
