UPDATE bookings SET status = 'no-show' WHERE id = 2;
