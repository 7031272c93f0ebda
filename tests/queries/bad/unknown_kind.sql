-- name: all_users :all
SELECT id FROM users;
