-- One query per finding of `schemac vet`, and one clean query.

-- name: all_columns :many
SELECT * FROM tags ORDER BY id;

-- name: some_posts :many
SELECT id, title FROM posts LIMIT 5;

-- name: posts_by_body :many
SELECT id FROM posts WHERE body = @body;

-- name: users_by_bio :many
SELECT id FROM users WHERE bio = @bio ORDER BY id;

-- name: posts_by_author :many
SELECT id, title FROM posts WHERE author_id = @author_id ORDER BY id LIMIT 10;
