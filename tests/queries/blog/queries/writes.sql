-- Statements that write: RETURNING, :exec, :execrows, nullable parameters.

-- name: create_tag :one
-- args: 'rust', 'rust'
INSERT INTO tags (name, slug) VALUES (@name, @slug)
RETURNING id, name, slug, description;

-- name: rename_tags :many
-- args: 'c'
UPDATE tags SET description = 'language: ' || name
WHERE slug LIKE @prefix || '%'
RETURNING id, name, description;

-- name: set_bio :exec
-- args: null, 2
UPDATE users SET bio = sqlc.narg(bio) WHERE id = sqlc.arg(id);

-- name: untag :execrows
-- args: 2
DELETE FROM post_tags WHERE tag_id = @tag_id;

-- name: delete_comment_returning :many
-- args: 5
DELETE FROM comments WHERE id = $1 RETURNING id, post_id, body;

-- name: bump_views :execrows
-- args: [1, 3]
UPDATE posts SET view_count = view_count + 1 WHERE id = ANY(@ids::bigint[]);

-- name: add_tags :copyfrom
-- args: ['go', 'go'], ['zig', 'zig-lang']
INSERT INTO tags (name, slug) VALUES (@name, @slug);

-- name: tags_after_copy :many
SELECT name, slug FROM tags ORDER BY name;
