"""Django project configuration of the gongkai ledger (settings, URLs, WSGI)."""
