"""The pieces of text the efficacy stages read one at a time: sentences, with a "sentence" longer
than a real one (a flattened table, garbled text, a paragraph without full stops) cut at safe
points. Attribution looks at pairs of a sentence's values, cues and regimens, so a piece's cost
grows faster than its length; capping the length keeps a document's cost linear in its size."""

from __future__ import annotations

import re

from pipeline.sentences import sentence_spans

# Longer than any sentence that reports a figure in the PMC texts (the longest is 3,005 characters).
MAX_PIECE = 4000
# Where to cut, best first: after a semicolon, after a comma, at white space, between a word or
# number and what is not one. A piece is cut no earlier than half the cap, so pieces stay long.
_SPACE = re.compile(r"\s*")
_CUTS = tuple(re.compile(p) for p in (r";\s+", r",\s+", r"\s+", r"(?<=\w)(?=\W)|(?<=\W)(?=\w)"))


def sentence_pieces(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text` (pipeline.sentences), the long ones cut into pieces of at
    most MAX_PIECE characters, white space trimmed."""
    pieces: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        while end - start > MAX_PIECE:
            cut = _cut(text, start + MAX_PIECE // 2, start + MAX_PIECE)
            pieces.append((start, start + len(text[start:cut].rstrip())))
            start = _SPACE.match(text, cut, end).end()
        if end > start:
            pieces.append((start, end))
    return pieces


def _cut(text: str, earliest: int, latest: int) -> int:
    """The best place to cut text between `earliest` and `latest`: the end of the last separator of the
    best kind found there, or `latest` when there is none."""
    for separator in _CUTS:
        ends = [m.end() for m in separator.finditer(text, earliest, latest)]
        if ends and ends[-1] > earliest:
            return ends[-1]
    return latest


# A section heading opening a line ("ABSTRACT.BACKGROUND:"), or the label of the title's ("TITLE: ...").
_HEADING = re.compile(r"[ \t]*[A-Z][A-Z0-9 .]*:[ \t]*")
_TITLE_LABEL = "TITLE:"


def title_span(text: str, reach: int) -> tuple[int, int] | None:
    """[start, end) of the document's title: its first line of four words or more that begins within
    `reach`, after a "TITLE:" label and up to the line's first full stop (an abstract's title and
    text share a line); None when a section heading comes first (a paper whose title line is empty)."""
    position = 0
    while position < min(reach, len(text)):
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        heading = _HEADING.match(text, position, line_end)
        if heading and heading.group().strip() != _TITLE_LABEL:
            return None
        start = heading.end() if heading else position
        if len(text[start : min(line_end, start + reach)].split()) >= 4:
            full_stop = text.find(". ", start, line_end)
            return start, line_end if full_stop < 0 else full_stop
        position = line_end + 1
    return None
