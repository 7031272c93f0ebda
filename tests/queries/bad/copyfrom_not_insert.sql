-- name: add_tags :copyfrom
INSERT INTO tags (name, slug) SELECT @name, @slug;
