-- Aggregates, CTEs and window functions.

-- name: post_counts_by_author :many
-- not null: n
SELECT author_id, count(*) AS n
FROM posts
GROUP BY author_id
ORDER BY author_id;

-- name: views_by_author :many
-- args: '5'
SELECT author_id, sum(view_count) AS views, avg(view_count)::numeric(10,2) AS mean_views
FROM posts
GROUP BY author_id
HAVING sum(view_count) > @min_views
ORDER BY author_id;

-- name: posts_by_status_rollup :many

SELECT status, count(*) AS n
FROM posts
GROUP BY ROLLUP (status)
ORDER BY status NULLS LAST;

-- name: recent_posts_cte :many
WITH recent AS (
    SELECT id, title FROM posts WHERE published_at IS NOT NULL
)
SELECT id, title FROM recent ORDER BY id;

-- name: comment_thread :many
-- args: 1
WITH RECURSIVE thread AS (
    SELECT id, parent_id, body, 1 AS depth FROM comments WHERE id = @root_id
    UNION ALL
    SELECT c.id, c.parent_id, c.body, t.depth + 1
    FROM comments c JOIN thread t ON c.parent_id = t.id
)
SELECT id, body, depth FROM thread ORDER BY depth, id;

-- name: posts_ranked :many
SELECT id, author_id, row_number() OVER (PARTITION BY author_id ORDER BY id) AS rank_in_author
FROM posts
ORDER BY id;

-- name: posts_previous_title :many
SELECT id, lag(title) OVER (ORDER BY id) AS previous_title
FROM posts
ORDER BY id;

-- name: running_views :many
SELECT id, sum(view_count) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM posts
ORDER BY id;

-- name: comment_counts_scalar :many
SELECT p.id, (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS n_comments
FROM posts p
ORDER BY p.id;

-- name: names_union :many
SELECT username AS name FROM users
UNION
SELECT name FROM tags
ORDER BY 1;

-- name: first_post_per_author :many
SELECT DISTINCT ON (author_id) author_id, id, title
FROM posts
ORDER BY author_id, id;

-- name: user_labels :many
-- not null: label
SELECT id, CASE WHEN bio IS NULL THEN 'no bio' ELSE 'bio' END AS label, coalesce(bio, '') AS bio_text
FROM users
ORDER BY id;

-- name: count_users :one
-- not null: n
SELECT count(*) AS n FROM users;
