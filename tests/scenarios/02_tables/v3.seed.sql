UPDATE volumes SET publisher_id = (SELECT id FROM publishers WHERE name = 'Einaudi') WHERE author_id = 2;
