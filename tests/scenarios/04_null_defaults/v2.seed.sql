UPDATE tickets SET priority = 'low' WHERE priority IS NULL;
