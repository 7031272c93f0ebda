INSERT INTO logs (level, message) VALUES ('info', 'boot'), ('error', 'disk full');
