"""Figures stated in the text against the tables, and against themselves (placeholder, filled next)."""
