-- Domains over tests/codegen/rt2.yaml: a domain is its base type in C
-- (quantity: integer, label: text), a domain over an enum is the enum.

-- name: lines_over :many
-- args: 1
SELECT id, qty, name, hue, total FROM lines WHERE qty > @min_qty::quantity ORDER BY id;

-- name: line_names :many
-- args: 'red'
SELECT name FROM lines WHERE hue::color = @hue ORDER BY name;
