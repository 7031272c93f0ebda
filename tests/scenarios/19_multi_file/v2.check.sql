DO $$ BEGIN
  ASSERT (SELECT count(*) FROM posts p JOIN topics t ON t.id = p.topic_id) = 2, 'posts follow the renamed table';
  ASSERT (SELECT role FROM users WHERE handle = 'ann') = 'moderator', 'enum values survive';
END $$;
