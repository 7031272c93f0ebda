UPDATE orders SET previous_state = 'placed' WHERE previous_state = 'checked';
UPDATE orders SET channel = 'store' WHERE channel = 'phone';
