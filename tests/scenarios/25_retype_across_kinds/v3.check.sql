DO $$ BEGIN
  ASSERT (SELECT n::text || d::text || b::text || u::text || (j ->> 'k') || e::text
            FROM things WHERE id = 1)
         = '72020-02-03true6f1e0b4c-8a43-4d5e-9a43-1c2b3d4e5f60vhappy', 'values survive';
END $$;
