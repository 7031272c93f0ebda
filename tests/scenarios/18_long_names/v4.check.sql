DO $$ BEGIN
  ASSERT (SELECT count(*) FROM rapprochement_des_écritures_comptables_du_fournisseur_hiver) = 2, 'rows survive';
  ASSERT pg_get_serial_sequence('rapprochement_des_écritures_comptables_du_fournisseur_hiver', 'id') IS NOT NULL, 'identity kept';
END $$;
