"""The built-in checks, one module per family. Importing this package registers them, in this order."""

from gongkai.checks.catalogue import arithmetic, structure, format, metadata, content, narrative, crossyear  # noqa: F401, I001
