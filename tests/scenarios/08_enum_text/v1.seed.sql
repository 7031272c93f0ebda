INSERT INTO flags VALUES ('dark_mode', 'beta', 'off'), ('search', 'on', NULL), ('ai', DEFAULT, NULL);
