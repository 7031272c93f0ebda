UPDATE notes SET deleted_at = now() WHERE id = 2;
