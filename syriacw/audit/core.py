"""The audit itself: which number mentions quotes capture, which are excluded, and the result with its counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from .exclusions import EXCLUSIONS_FILE, load_exclusions, match_exclusions
from .scanner import Mention, Mentions, scan_texts

CONTEXT_CHARS = 40


@dataclass
class Number:
    """A number mention of one source and what accounts for it."""

    start: int
    end: int
    text: str
    kind: str
    line: int                      # line of the document (1 = first)
    status: str = "unaccounted"    # captured | excluded | unaccounted
    captured_by: list[str] = field(default_factory=list)   # figure_id / assertion_id whose quote holds it
    reason_code: str | None = None  # when excluded (also kept when captured as well)
    context: str = ""


@dataclass
class DocumentAudit:
    source_id: str
    file: str
    numbers: list[Number]

    def count(self, status: str | None = None) -> int:
        return sum(1 for n in self.numbers if status is None or n.status == status)

    def counts(self) -> dict[str, int]:
        return {"found": self.count(), "captured": self.count("captured"), "excluded": self.count("excluded"),
                "unaccounted": self.count("unaccounted")}


_STATUSES = ("unaccounted", "captured", "excluded")


@dataclass
class AuditResult:
    """What the audit found: counts and problems at once; every number with its context when `documents` is read
    (made then, as a build of a million figures needs only the counts)."""

    problems: list[Problem]
    _sources: "_Sources"
    _found: Mentions
    _status: "numpy.ndarray"                               # noqa: F821  index into _STATUSES, per mention
    _spans: "_Spans"
    _reasons: dict[int, str] = field(default_factory=dict)  # mention index → reason_code of its exclusion
    _documents: list[DocumentAudit] | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def totals(self) -> dict[str, int]:
        import numpy as np

        counts = np.bincount(self._status, minlength=len(_STATUSES)).tolist()
        return {"found": len(self._status), **dict(zip(_STATUSES[1:], counts[1:])), "unaccounted": counts[0]}

    def summary(self) -> str:
        t = self.totals()
        n = len(self._sources.ids)
        verdict = "every number is accounted for" if self.valid else f"{len(self.problems)} problem(s)"
        return (f"number audit: {t['found']} numbers in {n} document{'' if n == 1 else 's'}: {t['captured']} "
                f"captured, {t['excluded']} excluded, {t['unaccounted']} unaccounted; {verdict}")

    @property
    def documents(self) -> list[DocumentAudit]:
        if self._documents is None:
            self._documents = [self._document(k) for k in range(len(self._sources.ids))]
        return self._documents

    def _document(self, k: int) -> DocumentAudit:
        source_id, file, text = self._sources.ids[k], self._sources.files[k], self._sources.text(k)
        spans = self._spans.of(k)
        numbers = []
        for i in self._sources.mention_range(k):
            start, end = int(self._found.start[i]), int(self._found.end[i])
            numbers.append(Number(start, end, text[start:end], self._found.kind[i], text.count("\n", 0, start) + 1,
                                  status=_STATUSES[self._status[i]], reason_code=self._reasons.get(i),
                                  captured_by=sorted(r for qs, qe, r in spans if qs <= start and end <= qe),
                                  context=context_of(text, start, end)))
        return DocumentAudit(source_id, file, numbers)


class _Sources:
    """The audited documents (every source whose document can be read and decoded), in source_id order; texts are
    decoded again when asked for, rather than kept: at a million figures they are hundreds of megabytes."""

    def __init__(self, root: Path, sources, documents: dict[str, bytes] | None):
        import pandas as pd

        self._root, self._documents = root, documents
        pairs = {}
        if sources is not None:
            for source_id, file in zip(sources["source_id"], sources["file"]):
                if not (pd.isna(source_id) or pd.isna(file)):
                    pairs[str(source_id)] = str(file)
        self.ids, self.files = [], []
        for source_id in sorted(pairs):
            if self._bytes(pairs[source_id]) is not None:
                self.ids.append(source_id)
                self.files.append(pairs[source_id])
        self.index = {source_id: k for k, source_id in enumerate(self.ids)}
        self.undecodable: set[int] = set()
        self._bounds = None

    def _bytes(self, file: str) -> bytes | None:
        if self._documents is not None:
            return self._documents.get(file)
        path = self._root / file
        return path.read_bytes() if path.is_file() else None

    def text(self, k: int) -> str:
        return self._bytes(self.files[k]).decode("utf-8")

    def texts(self):
        """Every text in order; one that is not UTF-8 is audited as empty and then left out (the build reports it)."""
        for k in range(len(self.ids)):
            try:
                yield self.text(k)
            except UnicodeDecodeError:
                self.undecodable.add(k)
                yield ""

    def set_mentions(self, found: Mentions) -> None:
        import numpy as np

        self._bounds = np.searchsorted(found.text, np.arange(len(self.ids) + 1))

    def mention_range(self, k: int) -> range:
        return range(int(self._bounds[k]), int(self._bounds[k + 1]))

    def drop_undecodable(self, text_index):
        """Forget documents that are not UTF-8 (scanned as empty, so without mentions) and renumber the mentions'
        document index: the result lists only audited documents."""
        import numpy as np

        if not self.undecodable:
            return text_index
        gone = np.asarray(sorted(self.undecodable), dtype=np.int64)
        keep = [k for k in range(len(self.ids)) if k not in self.undecodable]
        self.ids = [self.ids[k] for k in keep]
        self.files = [self.files[k] for k in keep]
        self.index = {source_id: k for k, source_id in enumerate(self.ids)}
        self.undecodable = set()
        return text_index - np.searchsorted(gone, text_index, side="right")

    def mentions(self, found: "Mentions", k: int) -> dict[int, Mention]:
        """The mentions of document k as Mention objects, by their index in `found`."""
        text = self.text(k)
        out = {}
        for i in self.mention_range(k):
            start, end = int(found.start[i]), int(found.end[i])
            out[i] = Mention(start, end, text[start:end], found.kind[i])
        return out


class _Spans:
    """The quote spans of figures and assertions, as arrays: document index, [quote_start, quote_end), row ID."""

    def __init__(self, tables: dict, index: dict[str, int]):
        import numpy as np
        import pandas as pd

        doc, qs, qe, ids = [], [], [], []
        for table, pk in (("figures", "figure_id"), ("assertions", "assertion_id")):
            frame = tables.get(table)
            if frame is None or not len(frame):
                continue
            k = frame["source_id"].astype("object").map(index)
            start = pd.to_numeric(frame["quote_start"], errors="coerce").astype("float64")
            end = pd.to_numeric(frame["quote_end"], errors="coerce").astype("float64")
            ok = (k.notna() & start.notna() & end.notna()).to_numpy()
            doc.append(k.to_numpy()[ok].astype(np.int64))
            qs.append(start.to_numpy()[ok].astype(np.int64))
            qe.append(end.to_numpy()[ok].astype(np.int64))
            ids.append(frame[pk].astype("object").to_numpy()[ok])
        self.doc = np.concatenate(doc) if doc else np.zeros(0, dtype=np.int64)
        self.start = np.concatenate(qs) if qs else np.zeros(0, dtype=np.int64)
        self.end = np.concatenate(qe) if qe else np.zeros(0, dtype=np.int64)
        self.ids = np.concatenate(ids) if ids else np.zeros(0, dtype=object)

    def covering(self, found: Mentions):
        """Per mention: whether some span of its document holds it (start ≤ mention start, mention end ≤ end).

        Positions are made global (document index × 2**40 + offset), spans sorted by start and the running maximum
        of their ends taken: a mention is held iff the spans starting at or before it reach its end."""
        import numpy as np

        if not len(self.doc) or not len(found):
            return np.zeros(len(found), dtype=bool)
        shift = np.int64(1 << 40)
        start = self.doc * shift + np.clip(self.start, 0, shift - 1)
        end = self.doc * shift + np.clip(self.end, 0, shift - 1)
        order = np.argsort(start, kind="stable")
        reach = np.maximum.accumulate(end[order])
        at = np.searchsorted(start[order], found.text * shift + found.start, side="right") - 1
        return (at >= 0) & (reach[np.maximum(at, 0)] >= found.text * shift + found.end)

    def of(self, k: int) -> list[tuple[int, int, str]]:
        import numpy as np

        rows = np.flatnonzero(self.doc == k)
        return [(int(self.start[r]), int(self.end[r]), str(self.ids[r])) for r in rows]


def context_of(document: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The number marked ⟦…⟧ with `width` characters either side, line breaks shown as ¶."""
    before = document[max(0, start - width):start].replace("\n", " ¶ ")
    after = document[end:end + width].replace("\n", " ¶ ")
    return f"…{before}⟦{document[start:end]}⟧{after}…"


def audit(root: Path, tables: dict, documents: dict[str, bytes] | None = None) -> AuditResult:
    """Audit every source's document against the quote spans of `tables` and seeds/audit_exclusions.csv.

    `tables` are the typed frames of syriacw.build.process (only sources, figures and assertions are read);
    `documents` are the raw bytes by path under the root (read from disk when not given).
    """
    import numpy as np

    sources = _Sources(root, tables.get("sources"), documents)
    found = scan_texts(sources.texts())
    found.text = sources.drop_undecodable(found.text)
    sources.set_mentions(found)
    spans = _Spans(tables, sources.index)
    exclusions, problems = load_exclusions(root)
    excluded, found_problems = match_exclusions(exclusions, sources, found)
    problems += found_problems

    status = np.where(spans.covering(found), _STATUSES.index("captured"), 0).astype(np.int8)
    reasons = {}
    for i, exclusion in excluded.items():
        reasons[i] = exclusion.reason_code
        if not status[i]:
            status[i] = _STATUSES.index("excluded")
    texts: dict[int, str] = {}
    for i in np.flatnonzero(status == 0).tolist():
        k = int(found.text[i])
        text = texts.get(k) or texts.setdefault(k, sources.text(k))
        start, end, kind = int(found.start[i]), int(found.end[i]), found.kind[i]
        problems.append(Problem(sources.files[k], text.count("\n", 0, start) + 1, sources.ids[k], None,
                                "number-unaccounted",
                                f"{text[start:end]!r} (offsets {start}-{end}, {kind}) is in no quote of a figure "
                                f"or assertion of {sources.ids[k]} and not in {EXCLUSIONS_FILE}: "
                                f"{context_of(text, start, end)}"))
    return AuditResult(problems, sources, found, status, spans, reasons)


def audit_for_build(inputs, tables) -> tuple[list[Problem], str]:
    """The audit's problems and its summary line, for syriacw.build.build (which calls it before anything is
    written)."""
    result = audit(inputs.root, tables, inputs.documents)
    return result.problems, result.summary()
