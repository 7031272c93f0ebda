DO $$ BEGIN
  ASSERT (SELECT mac::text || doc || iv::text || rd::text || t0::text FROM items WHERE id = 1)
         = '08:00:2b:ff:fe:01:02:03''brown'':2 ''fox'':3 ''quick'':11 day 02:03:04.5[2020-01-01,2020-02-01)12:34:56',
         'values survive';
END $$;
