-- Hand-written queries of the blog, typed by schemac (docs/queries.md):
-- `schemac generate --queries queries` writes blog.queries.h and .c.

-- name: published_posts :many
-- The authors' names and comment counts of the newest published posts.
-- count() is an expression, NULL-able as far as schemac knows: it never
-- is, so the override says so.
-- not null: comments
SELECT p.id, p.title, u.display_name AS author, count(c.id) AS comments
FROM posts p
JOIN users u ON u.id = p.author_id
LEFT JOIN comments c ON c.post_id = p.id AND c.deleted_at IS NULL
WHERE p.status = 'published' AND p.deleted_at IS NULL
GROUP BY p.id, u.display_name
ORDER BY p.published_at DESC, p.id
LIMIT @max_posts;
