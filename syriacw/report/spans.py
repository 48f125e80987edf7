"""Highlights: quote spans in a document, split so that their marks nest."""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ReportError

KIND_RANK = {"assertion": 0, "figure": 1, "excluded": 2}  # for identical spans: the most specific innermost


@dataclass(eq=False)
class Span:
    kind: str          # figure | assertion | excluded
    row_id: str
    start: int
    end: int
    info: dict = field(default_factory=dict)
    overlaps: list = field(default_factory=list)  # other spans sharing text with this one: [(kind, row_id)]

    @property
    def anchor(self) -> str:
        return f"q-{self.row_id}"


@dataclass
class Token:
    kind: str                 # open | text | close
    span: Span | None = None
    first: bool = False       # the first fragment of its span carries the anchor id and the tab stop
    text: str = ""


def nest(document: str, spans: list[Span]) -> list[Token]:
    """The document as open/text/close tokens in which every span is marked and marks nest properly.

    Between two consecutive span boundaries the set of covering spans is constant. At each boundary the marks
    that end (and every mark opened inside them) are closed; marks still covering the text are reopened as new
    fragments of their span. Spans that last longer are opened outside, so partial overlaps split the shorter one.
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= len(document)]
    bounds = sorted({0, len(document), *(s.start for s in spans), *(s.end for s in spans)})
    order = {id(s): (-s.end, s.start, KIND_RANK.get(s.kind, 9), s.row_id) for s in spans}
    tokens: list[Token] = []
    stack: list[Span] = []
    opened: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        active = {id(s) for s in spans if s.start <= a and b <= s.end}
        keep = 0
        while keep < len(stack) and id(stack[keep]) in active:
            keep += 1
        for s in reversed(stack[keep:]):
            tokens.append(Token("close", s))
        del stack[keep:]
        on_stack = {id(s) for s in stack}
        for s in sorted((s for s in spans if id(s) in active and id(s) not in on_stack), key=lambda s: order[id(s)]):
            tokens.append(Token("open", s, first=id(s) not in opened))
            opened.add(id(s))
            stack.append(s)
        tokens.append(Token("text", text=document[a:b]))
    for s in reversed(stack):
        tokens.append(Token("close", s))
    return tokens


def _link_overlaps(spans: list[Span]) -> None:
    for s in spans:
        s.overlaps = [(o.kind, o.row_id) for o in sorted(spans, key=lambda o: (o.start, o.row_id))
                      if o is not s and o.kind != "excluded" and o.start < s.end and s.start < o.end]


def _quote_span(kind: str, row_id: str, row: dict, document: str) -> Span:
    start, end = int(row["quote_start"]), int(row["quote_end"])
    if document[start:end] != row["quote"]:
        raise ReportError(f"{row_id}: the quote is not the text at [{start}, {end}) of {row['source_id']}'s "
                          "document")
    return Span(kind, row_id, start, end, row)
