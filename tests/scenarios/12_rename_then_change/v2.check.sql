DO $$ BEGIN
  ASSERT (SELECT count(*) FROM clients) = 2, 'rows survive the rename';
  ASSERT (SELECT mail FROM clients WHERE id = 1) = 'a@x', 'renamed column keeps values';
  ASSERT (SELECT rating FROM clients WHERE id = 2) = 7, 'renamed and widened column keeps values';
  ASSERT (SELECT count(*) FROM invoices i JOIN clients c ON c.id = i.customer_id) = 3, 'invoices still reference';
END $$;
INSERT INTO clients (mail, rating) VALUES ('c@x', 1);
DO $$ BEGIN
  ASSERT (SELECT id FROM clients WHERE mail = 'c@x') = 3, 'the serial followed the table';
END $$;
DELETE FROM clients WHERE mail = 'c@x';
