DO $$ BEGIN
  ASSERT (SELECT count(*) FROM cities c JOIN regions r ON (r.country_code, r.code) = (c.country_code, c.region_code)) = 2, 'cities still reference';
END $$;
