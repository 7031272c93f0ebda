-- name: wrong_function :one
SELECT lenght(username) AS n FROM users;
