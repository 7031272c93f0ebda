DO $$ BEGIN
  ASSERT (SELECT "Full Name" FROM "user" WHERE "select" = 's1') = 'Ann', 'renamed column keeps values';
  ASSERT (SELECT mood FROM "user" WHERE "select" = 's1') = 'don''t ask', 'quoted enum value survives';
  ASSERT (SELECT count(*) FROM "order") = 3, 'orders survive';
END $$;
INSERT INTO "user" ("select") VALUES ('s3');
DO $$ BEGIN
  ASSERT (SELECT id FROM "user" WHERE "select" = 's3') = 3, 'the serial continues';
END $$;
DELETE FROM "user" WHERE "select" = 's3';
