"""``gongkai due``, ``gongkai fee`` and the ledger commands."""
