INSERT INTO subscription_billing_cycle_adjustment_history_entries_per_acct (adjustment_identifier_for_the_external_accounting_system, status)
  VALUES ('adj-1', 'open'), ('adj-2', 'matched');
INSERT INTO réconciliation_des_écritures_comptables_du_fournisseur_été (adjustment_history_entry_identifier_with_a_long_name, écriture_comptable_rapprochée_avec_le_relevé_bancaire)
  VALUES (1, 'é'), (2, NULL);
