INSERT INTO tickets (subject, body, priority) VALUES ('printer', 'jammed', 'high'), ('login', '', NULL);
