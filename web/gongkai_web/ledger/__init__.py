"""The disclosure ledger's storage: models, services (writes), selectors (reads), the admin."""
