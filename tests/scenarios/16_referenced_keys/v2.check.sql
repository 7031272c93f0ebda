DO $$ BEGIN
  ASSERT (SELECT count(*) FROM regions r JOIN countries c ON c.code = r.country_code) = 2, 'regions still reference';
  ASSERT (SELECT count(*) FROM sessions s JOIN users u ON u.email = s.user_email) = 2, 'sessions still reference';
  ASSERT (SELECT count(DISTINCT id) FROM countries) = 2, 'the identity numbered the rows';
END $$;
UPDATE users SET email = 'aa@x' WHERE id = 1;
DO $$ BEGIN
  ASSERT (SELECT user_email FROM sessions WHERE token = 't1') = 'aa@x', 'the rebuilt foreign key cascades';
END $$;
UPDATE users SET email = 'a@x' WHERE id = 1;
