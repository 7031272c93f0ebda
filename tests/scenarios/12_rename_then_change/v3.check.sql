DO $$ BEGIN
  ASSERT (SELECT count(*) FROM clients) = 2, 'rows survive';
  ASSERT (SELECT count(*) FROM invoices i JOIN clients c ON c.id = i.customer_id) = 3, 'invoices still reference';
END $$;
