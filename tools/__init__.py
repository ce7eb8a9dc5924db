"""Tools for the tests and benchmarks: not part of the site generator."""
