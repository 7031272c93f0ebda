UPDATE customers SET display_name = 'bee' WHERE display_name IS NULL;
