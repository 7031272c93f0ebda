INSERT INTO audit (group_id, seq, what) VALUES (1, 1, 'created'), (1, 2, 'renamed');
