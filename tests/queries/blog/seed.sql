-- Rows for the corpus (tests/queries/test_corpus.py): explicit times, so
-- that results never depend on the clock.
INSERT INTO users (id, email, username, display_name, password_hash, role, bio, settings, email_verified, last_login_at, created_at, updated_at) VALUES
  (1, 'ada@example.com', 'ada', 'Ada L.', 'h1', 'author', 'Analyst', '{"theme": "dark"}', true, '2024-02-01 10:00:00+00', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  (2, 'grace@example.com', 'grace', 'Grace H.', 'h2', 'editor', NULL, '{}', true, NULL, '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00'),
  (3, 'linus@example.org', 'linus', 'Linus', 'h3', 'reader', 'Kernel "hacker"', '{"theme": "light"}', false, NULL, '2024-01-03 00:00:00+00', '2024-01-03 00:00:00+00');
INSERT INTO posts (id, author_id, status, slug, title, subtitle, body, metadata, published_at, view_count, created_at, updated_at) VALUES
  (1, 1, 'published', 'engines', 'Engines', 'Analytical', 'Body one', '{"featured": true, "cover": {"url": "/a.png"}}', '2024-01-05 12:00:00+00', 10, '2024-01-04 00:00:00+00', '2024-01-04 00:00:00+00'),
  (2, 1, 'draft', 'notes', 'Notes', NULL, 'Body two', '{}', NULL, 0, '2024-01-06 00:00:00+00', '2024-01-06 00:00:00+00'),
  (3, 2, 'published', 'compilers', 'Compilers', NULL, 'Body three', '{"featured": false}', '2023-12-31 23:59:59.5+00', 25, '2023-12-30 00:00:00+00', '2023-12-30 00:00:00+00'),
  (4, 2, 'archived', 'cobol', 'COBOL', 'Old', 'Body four', '{"featured": true}', '2023-06-01 00:00:00+00', 7, '2023-05-01 00:00:00+00', '2023-05-01 00:00:00+00');
INSERT INTO tags (name, slug, description) VALUES ('c', 'c', NULL), ('history', 'history', 'The past'), ('compilers', 'compilers-tag', NULL);
INSERT INTO post_tags (post_id, tag_id, tagged_at) VALUES
  (1, 2, '2024-01-05 00:00:00+00'), (3, 1, '2024-01-01 00:00:00+00'), (3, 3, '2024-01-01 00:00:00+00'), (4, 2, '2023-06-01 00:00:00+00');
INSERT INTO comments (id, post_id, author_id, parent_id, body, is_approved, created_at, updated_at) VALUES
  (1, 1, 2, NULL, 'Great', true, '2024-01-06 00:00:00+00', '2024-01-06 00:00:00+00'),
  (2, 1, 1, 1, 'Thanks', true, '2024-01-06 01:00:00+00', '2024-01-06 01:00:00+00'),
  (3, 1, NULL, 2, 'Anonymous reply', false, '2024-01-06 02:00:00+00', '2024-01-06 02:00:00+00'),
  (4, 3, 3, NULL, 'Neat', true, '2024-01-07 00:00:00+00', '2024-01-07 00:00:00+00'),
  (5, 3, 1, 4, 'Agreed', false, '2024-01-07 01:00:00+00', '2024-01-07 01:00:00+00');
SELECT setval(pg_get_serial_sequence('posts', 'id'), 10);
SELECT setval(pg_get_serial_sequence('comments', 'id'), 10);
