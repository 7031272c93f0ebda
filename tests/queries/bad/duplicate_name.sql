-- name: twice :one
SELECT 1 AS one;

-- name: twice :one
SELECT 2 AS two;
