"""Build the benchmark-results site: data in `data/`, charts with Altair, pages with Jinja2."""
