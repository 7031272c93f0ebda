-- name: twice_id :many
SELECT p.id, u.id FROM posts p JOIN users u ON u.id = p.author_id;
