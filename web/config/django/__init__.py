"""Settings modules: ``base`` (development and production, read from the environment) and ``test``."""
