"""The clerk's desk (办理台): the applications of a clerk's bodies handled in a browser — the work list by
deadline, intake, one form per event, the letters of each application — on the ledger's models and services
(``gongkai_web.ledger``) and the library's domain and letters (``gongkai.ledger``, ``gongkai.rendering.letters``).
"""
