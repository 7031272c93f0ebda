INSERT INTO flags VALUES ('tmp', '50%', NULL);
DELETE FROM flags WHERE name = 'tmp';
