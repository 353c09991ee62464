"""Writers: the counterpart of :mod:`gongkai.readers` for files gongkai writes (spreadsheets)."""
