DO $$ BEGIN
  ASSERT (SELECT count(*) FROM réconciliation_des_écritures_comptables_du_fournisseur_été
          WHERE écriture_comptable_rapprochée_avec_le_relevé_de_la_banque = 'é') = 1, 'values survive';
END $$;
INSERT INTO subscription_billing_cycle_adjustment_history_entries_per_cust (adjustment_identifier_for_the_external_accounting_system) VALUES ('adj-3');
DO $$ BEGIN
  ASSERT (SELECT id FROM subscription_billing_cycle_adjustment_history_entries_per_cust
          WHERE adjustment_identifier_for_the_external_accounting_system = 'adj-3') = 3, 'the serial continues';
END $$;
