"""Stage 2: the charts: rows, Vega-Lite specs, descriptions, files, static images, Vega."""
