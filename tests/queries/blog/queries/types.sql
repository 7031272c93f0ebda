-- Parameters and results of every kind: arrays, enums, JSON, times.

-- name: users_by_ids :many
-- args: [1, 3]
SELECT id, username FROM users WHERE id = ANY(@ids::bigint[]) ORDER BY id;

-- name: users_by_names :many
-- args: ['ada', 'grace']
SELECT id, email FROM users WHERE username = ANY(@names::text[]) ORDER BY id;

-- name: post_tag_list :many
SELECT p.id, array_agg(t.name ORDER BY t.name)::text AS tags
FROM posts p JOIN post_tags pt ON pt.post_id = p.id JOIN tags t ON t.id = pt.tag_id
GROUP BY p.id
ORDER BY p.id;

-- name: unnest_numbers :many
-- args: [3, 1, 2]
SELECT x FROM unnest(@xs::integer[]) AS x ORDER BY x;

-- name: users_by_role :many
-- args: 'author'
SELECT id, username, role FROM users WHERE role = @role ORDER BY id;

-- name: posts_per_status :many
-- not null: n
SELECT status, count(*) AS n FROM posts GROUP BY status ORDER BY status;

-- name: user_theme :many
SELECT id, settings->>'theme' AS theme FROM users ORDER BY id;

-- name: posts_with_metadata :many
-- args: '{"featured": true}'
SELECT id, metadata FROM posts WHERE metadata @> @filter::jsonb ORDER BY id;

-- name: user_documents :many
SELECT id, jsonb_build_object('id', id, 'name', username) AS doc FROM users ORDER BY id;

-- name: post_cover_path :many
SELECT id, metadata #>> '{cover,url}' AS cover_url FROM posts ORDER BY id;

-- name: example_addresses :many
-- The '@' in the string and @not_a_param in this comment are not parameters.
SELECT id, email FROM users
WHERE email LIKE '%@example.com' /* @nor_this */ AND $$@nor$$ = '@nor'
ORDER BY id;

-- name: posts_page :many
-- args: 2, 1
SELECT id, title FROM posts ORDER BY id LIMIT sqlc.arg(page_size) OFFSET sqlc.arg(skip);

-- name: posts_published_since :many
-- args: 1704067200000000
SELECT id, published_at FROM posts WHERE published_at >= @since ORDER BY id;

-- name: verified_users :many
-- args: true
SELECT id, username, last_login_at FROM users WHERE email_verified = @verified ORDER BY id;
