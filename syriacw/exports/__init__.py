"""Exports of a release for other tools: the SQLite database and Datasette (sqlite.py, datasette.py)."""
