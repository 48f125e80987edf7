"""Releases: immutable, checksummed folders under dataset/releases/VERSION/.

A release folder holds every table as Parquet, dtypes.json, datapackage.json (Frictionless Data Package: Table
Schemas, sha256 and size of every table), codebook.md, CITATION.cff, optionally CHANGELOG.md, and SHA256SUMS
(sha256sum format) listing every other file.

What syriacw.load needs, and nothing heavier (hashing, JSON, pyarrow and pandas): find.py (which release, where),
checksums.py (SHA256SUMS, datapackage.json's hashes), read.py (a table as a typed DataFrame). Apart from those:
make.py (`syriacw release`), verify.py (`syriacw verify`: checksums and schemas), changelog.py, citation.py
(CFF, Zenodo, BibTeX, APA) and datapackage.py. Only verify.py imports pandera, and only to check tables.
"""
from .checksums import (DATAPACKAGE, SUMS, check_files, check_hash_list, fingerprint, hash_list_lines, parse_sums,
                        read_datapackage, read_sums, sha256_hex, sums_text, verify_file)
from .errors import ReleaseRefused, TableNotInRelease, TamperedRelease
from .find import newest, release_dir, release_places, resolve, table_dir, versions
from .read import apply_types, read_frame

__all__ = ["DATAPACKAGE", "SUMS", "ReleaseRefused", "TableNotInRelease", "TamperedRelease", "apply_types",
           "check_files", "check_hash_list", "fingerprint", "hash_list_lines", "newest", "parse_sums", "read_datapackage",
           "read_frame", "read_sums", "release_dir", "release_places", "resolve", "sha256_hex", "sums_text",
           "table_dir", "verify_file", "versions"]
