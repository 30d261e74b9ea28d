"""Campaign history: platform exports loaded into one DuckDB file per workspace, and reports on it.

The schema is a contract other commands read; it is documented in docs/history.md.
"""
