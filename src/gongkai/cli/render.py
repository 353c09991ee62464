"""``gongkai render`` and ``gongkai template`` (see issue: write the report)."""
