INSERT INTO groups VALUES (1, 'admins'), (2, 'readers');
INSERT INTO memberships (group_id, user_name, role) VALUES (1, 'ann', 'owner'), (2, 'ann', DEFAULT), (2, 'bob', DEFAULT);
