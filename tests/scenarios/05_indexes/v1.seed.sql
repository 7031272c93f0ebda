INSERT INTO spaces VALUES (1, 'eng', 'ann'), (2, 'ops', 'bob');
INSERT INTO pages (space_id, path, title, data) VALUES
  (1, '/a', 'Alpha', '{"tags": ["x"]}'), (1, '/b', 'Beta', '{}'), (2, '/a', 'Alpha', '{}');
