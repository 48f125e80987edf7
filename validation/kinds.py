"""The kinds of column and the pandas dtype the build gives each: the one map from kind to dtype.

schemas.py declares each column's kind with it, build.py types seed cells by it, frictionless.py derives the
Table Schema field types from it, and dtypes.json (written with every table and release) carries each column's
kind to `syriacw.load`. Plain data, no pandera: importable on the load path.
"""

KIND_DTYPES = {"string": "string", "category": "string", "integer": "Int64", "number": "Float64",
               "date": "datetime64[us]"}
