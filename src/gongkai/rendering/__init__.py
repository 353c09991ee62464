"""Rendering: a report model to DOCX, PDF, HTML and Markdown. Callers decide where to write."""
