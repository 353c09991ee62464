"""The national corpus of annual reports: a report store, a body registry, exports and scale-out (issue 11).

A Django app beside the ledger (``gongkai_web.corpus``); the commands are ``gongkai corpus …``
(:mod:`gongkai_web.corpus.cli`). The modules :mod:`registry`, :mod:`tasks`, :mod:`engine` and :mod:`files`
do not import Django: workers of a process pool or a Dask cluster import only those.
"""
