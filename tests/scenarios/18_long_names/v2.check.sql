DO $$ BEGIN
  ASSERT (SELECT count(*) FROM subscription_billing_cycle_adjustment_history_entries_per_cust) = 2, 'rows survive';
  ASSERT (SELECT écriture_comptable_rapprochée_avec_le_relevé_bancaire FROM réconciliation_des_écritures_comptables_du_fournisseur_été
          WHERE adjustment_history_entry_identifier_with_a_long_name = 1) = 'é', 'values survive';
END $$;
