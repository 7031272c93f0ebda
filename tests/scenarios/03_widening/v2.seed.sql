UPDATE products SET code = 'LONGER-CODE-16', price = 99999.99, stock = 100000 WHERE id = 2;
