INSERT INTO "LineItems" VALUES (1, 1, 'here'), (1, 2, NULL);
UPDATE "user" SET mood = 'we''ll see' WHERE mood = 'it''s fine';
