-- Joins of every kind over examples/blog/models. `-- args:` lines give the
-- values tests/queries/test_corpus.py calls each query with.

-- name: user_by_email :one
-- args: 'ada@example.com'
SELECT id, username, display_name, role, bio
FROM users
WHERE email = @email AND deleted_at IS NULL;

-- name: posts_with_authors :many
SELECT p.id, p.title, u.username
FROM posts p
JOIN users u ON u.id = p.author_id
ORDER BY p.id;

-- name: posts_left_comments :many
SELECT p.id AS post_id, c.id AS comment_id, c.body
FROM posts p
LEFT JOIN comments c ON c.post_id = p.id
ORDER BY p.id, c.id;

-- name: comments_right_posts :many
SELECT c.id AS comment_id, p.title
FROM comments c
RIGHT JOIN posts p ON p.id = c.post_id
ORDER BY p.id, c.id;

-- name: users_full_comments :many
SELECT u.username, c.id AS comment_id
FROM users u
FULL JOIN comments c ON c.author_id = u.id
ORDER BY u.username, c.id;

-- name: tags_cross_users :many
-- args: 1
SELECT t.name, u.username
FROM tags t
CROSS JOIN users u
WHERE u.id = @user_id
ORDER BY t.name;

-- name: comments_with_parent :many
-- A self-join: comments is on both sides, so schemac cannot tell which
-- side a column is from; the override says c.id is never NULL.
-- not null: id
SELECT c.id, parent.body AS parent_body
FROM comments c
LEFT JOIN comments parent ON parent.id = c.parent_id
ORDER BY c.id;

-- name: users_latest_post :many
SELECT u.id, latest.title
FROM users u
LEFT JOIN LATERAL (
    SELECT title FROM posts WHERE author_id = u.id ORDER BY id DESC LIMIT 1
) latest ON true
ORDER BY u.id;

-- name: posts_three_way :many
SELECT p.title, t.name AS tag, pt.post_id
FROM posts p
JOIN post_tags pt ON pt.post_id = p.id
JOIN tags t ON t.id = pt.tag_id
ORDER BY p.title, t.name;

-- name: users_with_posts :many
SELECT u.id, u.username
FROM users u
WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id)
ORDER BY u.id;

-- name: users_without_posts :many
SELECT u.id, u.username
FROM users u
WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id)
ORDER BY u.id;

-- name: posts_strict_left :many
-- The WHERE makes the outer join inner: the planner says so, and c.body
-- is NOT NULL.
SELECT p.id, c.body
FROM posts p
LEFT JOIN comments c ON c.post_id = p.id
WHERE c.is_approved
ORDER BY c.id;
