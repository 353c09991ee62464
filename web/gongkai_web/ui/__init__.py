"""The shared frame of the web desks: base template, log-in pages, the home page, vendored front-end files
(htmx through django-htmx, ECharts under ``static/gongkai/vendor``) and ``gongkai serve``.

Server-rendered Django templates with htmx; no CDN and no build chain, so the site works inside a government
network with no internet."""
