"""Stage 3: the pages: site pages, the Data page, downloads, citations, findings."""
