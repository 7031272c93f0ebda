INSERT INTO kinds VALUES ('book', 'Books'), ('disc', 'Discs'), ('game', 'Games');
INSERT INTO shelves VALUES ('1'), ('2'), ('10');
INSERT INTO things VALUES (1, 'book', '1'), (2, 'game', '10');
