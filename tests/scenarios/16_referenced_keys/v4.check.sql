DO $$ BEGIN
  ASSERT (SELECT count(*) FROM cities c JOIN areas r ON (r.country_code, r.code) = (c.country_code, c.region_code)) = 2, 'cities still reference';
  ASSERT (SELECT count(*) FROM areas r JOIN countries c ON c.iso = r.country_code) = 2, 'areas still reference';
END $$;
