"""The disclosure ledger: applications with statutory working-day clocks, records, aggregation."""
