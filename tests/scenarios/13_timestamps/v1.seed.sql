INSERT INTO notebooks VALUES (1, 'work'), (2, 'home');
INSERT INTO notes VALUES (1, 1, 'standup'), (2, 2, 'groceries');
