-- name: post_titles :many
SELECT id,
       titel
FROM posts;
