"""Bulk equivalents of per-row helpers: rows without a Series each, Arrow string arrays, RE2 searches.

Same results as the functions they stand in for (tests/test_benchmark_generator.py compares them); they exist
because the per-row versions dominate the build at 10^5-10^6 rows (benchmarks/README.md, BENCHMARKS.md).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from syriacw.arabic import QUALIFIER_MARKERS, fold_text


def _rows(frame: pd.DataFrame, columns: list[str] | None = None):
    """(line, row) like DataFrame.iterrows, each row a dict with the same values (of `columns`, default all),
    without a Series per row."""
    columns = list(frame.columns) if columns is None else columns
    arrays = [frame[column].to_numpy(dtype=object) for column in columns]
    for line, values in zip(frame.index, zip(*arrays)):
        yield line, dict(zip(columns, values))


def _by_key(frame: pd.DataFrame, key: str, columns: list[str] | None = None) -> dict:
    """{key value: row dict} over `frame`'s rows; None for a key value that several rows share."""
    out: dict = {}
    for _, row in _rows(frame, columns):
        k = row[key]
        out[k] = None if k in out else row
    return out


def _re2_literal(text: str) -> str:
    """`text` as an RE2 pattern that matches it literally (every character that is not a letter or digit in hex)."""
    return "".join(c if c.isalnum() else "\\x{%x}" % ord(c) for c in text)


# Characters that are not \w for Python's re: a marker word between two of them (or the ends) is a marker for
# _MARKER_PATTERNS. A subset is enough: a quote where RE2 finds no such match is searched with the Python pattern.
_NOT_WORD = "".join(sorted({c for c in " \t\n\r\f\v\u00a0\u2000\u2009\u200a\u202f\u3000!\"#$%&'()*+,-./:;<=>?@[]^`{|}~"
                            "\u060c\u061b\u061f\u066a\u066b\u066c\u06d4\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d"
                            if not re.match(r"\w", c)}))
_RE2_NOT_WORD = "[" + _re2_literal(_NOT_WORD) + "]"
_RE2_BOUNDED = {q: "(?:^|" + _RE2_NOT_WORD + ")(?:" + "|".join(_re2_literal(fold_text(w)) for w in words) + ")(?:"
                + _RE2_NOT_WORD + "|$)" for q, words in QUALIFIER_MARKERS.items()}
_RE2_ANY = "|".join(_re2_literal(fold_text(w)) for words in QUALIFIER_MARKERS.values() for w in words)


def _re2_search(strings, pattern: str) -> np.ndarray:
    """For each string of an Arrow string array (no nulls), whether RE2 finds `pattern` in it."""
    import pyarrow.compute as pc

    return pc.match_substring_regex(strings, pattern).to_numpy(zero_copy_only=False).astype(bool)


def _distinct_rows(frame: pd.DataFrame, columns: list[str]):
    """(first, codes): the position of the first row of each distinct combination of `columns` (NA is a value;
    0.0 and -0.0 differ), and for every row the number of its combination, so that row i is like row
    first[codes[i]]."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series.dtype):  # by bits: -0.0 is not 0.0 here, all NA alike
            keys = series.to_numpy(dtype="float64", na_value=np.nan).view(np.int64)
        else:
            keys = series
        column_codes, uniques = pd.factorize(keys, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * len(uniques) + column_codes)  # stays below rows × uniques
    codes = combined
    _, first = np.unique(codes, return_index=True)
    return first, codes


def _arrow_strings(series: pd.Series):
    """The Arrow array under an Arrow-backed string Series, or None."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        return pa.chunked_array(series.array.__arrow_array__())
    return None


def _large_strings(series: pd.Series):
    """A string Series as one Arrow large_string array (nulls for NA)."""
    import pyarrow as pa

    array = _arrow_strings(series)
    if array is None:
        array = pa.array(series.to_numpy(dtype=object), pa.large_string(), from_pandas=True)
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return array.cast(pa.large_string())


def _offsets(series: pd.Series) -> np.ndarray:
    """Quote offsets as int64 (0 where empty: the caller marks those rows), from Int64 or float columns."""
    if series.dtype.kind == "f":
        return series.to_numpy(dtype=np.float64, na_value=0).astype(np.int64)
    return series.to_numpy(dtype=np.int64, na_value=0)


def _joined(array) -> str:
    """The strings of an Arrow large_string array without nulls, concatenated, as one Python string."""
    if len(array) == 0:
        return ""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    return bytes(memoryview(array.buffers()[2])[offsets[0]:offsets[-1]]).decode("utf-8")


def _code_points(*texts: str) -> list[np.ndarray]:
    """The code points of each text, one array element per code point: UTF-16 code units when no text has a
    character beyond U+FFFF (the usual case: half the memory, and quicker to encode), else UTF-32."""
    encoded = [t.encode("utf-16-le", "surrogatepass") for t in texts]
    if all(len(e) == 2 * len(t) for e, t in zip(encoded, texts)):
        return [np.frombuffer(e, dtype=np.uint16) for e in encoded]
    return [np.frombuffer(t.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) for t in texts]


def _known(series: pd.Series):
    """The distinct values of a referenced column: set(series.dropna()), or for Arrow-backed strings the same
    values as an Arrow array (no Python string per value)."""
    array = _arrow_strings(series)
    if array is None:
        return set(series.dropna())
    import pyarrow.compute as pc

    return pc.unique(array.drop_null())


def _isin(series: pd.Series, known) -> pd.Series:
    """series.isin(known) for `known` from _known. For Arrow-backed strings it is what pandas does then,
    pyarrow.compute.is_in, without pandas first converting every known value to an Arrow scalar."""
    array = _arrow_strings(series)
    if not isinstance(known, (set, frozenset)):  # an Arrow array of strings
        if array is None:
            return series.isin(set(known.to_pylist()))
        if len(known) == 0:
            return pd.Series(np.zeros(len(series), dtype=bool), index=series.index, name=series.name)
        import pyarrow.compute as pc

        found = pc.is_in(array, value_set=known.cast(array.type))
        return pd.Series(np.array(found, dtype=np.bool_), index=series.index, name=series.name)
    return series.isin(known)


def _floats(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
