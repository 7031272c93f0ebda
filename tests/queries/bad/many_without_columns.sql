-- name: touch :many
UPDATE users SET bio = NULL WHERE id = @id;
