-- The queries of the query benchmark (bench/queries/main.c), over the table
-- of bench/crud/bench.yaml.

-- name: user_summary :one
SELECT id, email, name, age, is_active FROM bench_users WHERE id = @id;

-- name: users_page :many
SELECT id, email, age FROM bench_users WHERE id > @after ORDER BY id LIMIT @page_size;
