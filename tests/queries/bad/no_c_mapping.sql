-- name: address :one
SELECT inet '10.0.0.1' AS address;
