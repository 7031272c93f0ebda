DO $$ BEGIN
  ASSERT (SELECT count(*) FROM "LineItems" l JOIN "Orders" o USING ("Order ID")) = 2, 'line items still reference';
  ASSERT (SELECT count(*) FROM users WHERE mood = 'we''ll see') = 1, 'enum values survive the rebuild';
END $$;
INSERT INTO users ("select") VALUES ('s4');
DO $$ BEGIN
  ASSERT (SELECT id FROM users WHERE "select" = 's4') > 3, 'the identity continues where the serial stopped';
END $$;
