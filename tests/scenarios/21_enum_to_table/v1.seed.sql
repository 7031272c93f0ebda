INSERT INTO tickets VALUES (1, 'open'), (2, 'closed'), (3, 'waiting');
