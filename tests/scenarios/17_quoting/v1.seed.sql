INSERT INTO "user" ("select", "Display Name", mood) VALUES ('s1', 'Ann', 'don''t ask'), ('s2', NULL, DEFAULT);
INSERT INTO "order" ("user") VALUES (1), (2), (2);
