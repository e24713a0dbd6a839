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


# A line that is a section heading alone ("ABSTRACT.BACKGROUND:"), and the label a title's line opens
# with ("TITLE: ..."): not a title's own colon ("FACT: an open-label randomized phase III study").
_HEADING_LINE = re.compile(r"[ \t]*[A-Z][A-Z0-9 .]*:[ \t]*$")
_TITLE_LABEL = re.compile(r"[ \t]*TITLE:[ \t]*")
# A title's end: its first full stop, not that of "vs." ("... adjuvant tamoxifen vs. no tamoxifen").
_TITLE_END = re.compile(r"(?<!\bvs)(?<!\bv)\.\s")


def title_span(text: str, reach: int) -> tuple[int, int] | None:
    """[start, end) of the document's title: its first line of four words or more that begins within
    `reach`, after a "TITLE:" label and up to the line's first full stop (an abstract's title and
    text share a line); None when a section heading comes first (a paper whose title line is empty)."""
    position = 0
    while position < min(reach, len(text)):
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        label = _TITLE_LABEL.match(text, position, line_end)
        if label is None and _HEADING_LINE.match(text, position, line_end):
            return None
        start = label.end() if label else position
        if len(text[start : min(line_end, start + reach)].split()) >= 4:
            full_stop = _TITLE_END.search(text, start, line_end)
            return start, full_stop.start() if full_stop else line_end
        position = line_end + 1
    return None
