"""The Django project beside the gongkai library: the ledger's storage, its Chinese admin and the
command-line plugin (``gongkai ledger import|export|init``, ``gongkai report``).

It uses only gongkai's public API; the library never imports it (or Django).
"""
