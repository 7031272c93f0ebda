INSERT INTO authors (name) VALUES ('Le Guin'), ('Calvino');
INSERT INTO books (author_id, title) VALUES (1, 'The Dispossessed'), (1, 'Earthsea'), (2, 'Invisible Cities');
INSERT INTO reviews (book_id, body) VALUES (1, 'ambiguous utopia'), (3, 'cities and memory');
