"""The JSON API (``/api/v1/``, django-ninja): the clerk's desk for scripts and other systems, with the same
permissions and per-body scope as the browser pages."""
