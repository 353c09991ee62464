"""Writers: the counterpart of :mod:`gongkai.readers` for the files gongkai writes (spreadsheets; any one file
written whole, :mod:`gongkai.writers.files`)."""
