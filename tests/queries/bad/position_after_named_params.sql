-- The error is after two named parameters that became $1 and $2: its
-- column is still the one in this file.
-- name: find_user :one
SELECT id FROM users WHERE email = @email_address AND username = @user_name AND nosuch = 1;
