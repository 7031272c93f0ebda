DO $$ BEGIN
  ASSERT (SELECT count(*) FROM things t JOIN kinds k USING (kind)) = 2, 'things keep their kind';
  ASSERT (SELECT shelf_code FROM things WHERE id = 2) = 10, 'codes survive as integers';
END $$;
