"""What a release holds beyond its Parquet tables, for people who do not use Python: a CSV copy of every table,
the answer of every reconciliation query (Parquet and CSV), Parquet files that carry their own column
descriptions, the SQLite database and its Datasette metadata (sqlite.py, datasette.py); and the bundle, one zip of
a release. `csv.csv_bytes` is the one CSV writer (the release's files and `syriacw sql --format csv` alike): UTF-8
with a BOM, RFC 4180, formula-safe text cells."""
