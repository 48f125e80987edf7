"""DuckDB SQL of the dataset: macros, views and reconciliation queries (the .sql files beside this one)."""
