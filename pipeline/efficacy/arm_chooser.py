"""A trained second opinion on which arm a value belongs to, among the arms its paper names.

The rules in `arm` read the label next to a value, "respectively" lists, "X vs Y" pairs and the
paper's own design; where none of them speaks they fall back on the design's order, or give no arm.
This module ranks the arms a reader could give the value: the design's arms, the regimens of its
sentence and those of the sentence before. Each (value, arm) pair is described for a linear
bag-of-words text classifier (spaCy's TextCatBOW, `pipeline/models/arm_chooser`, trained by
`pipeline/training/arm_chooser.py` on the development part of the PICO breast-cancer corpus): the
words around the value, with the mentions of that arm replaced by `CAND` and of the other arms by
`OTHER`, the value as `VALUE`, other numbers as `NUM`, and as pseudo-words where the arm comes from
(design, sentence, paragraph), its place among the sentence's arms, the value's place in a pair or
a "respectively" list, and what the rules chose from what evidence. The classifier scores how
likely the arm is the value's. An arm it picks is always one the paper names, in its words; the
value's provenance does not change.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.efficacy.candidates import Value
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.document_design import arm_mentions
from pipeline.efficacy.regimens import Regimen
from pipeline.errors import TrialsiftError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "arm_chooser"
LABELS = ("YES", "NO")
# Off: measured on the held-out part and by 5-fold cross-validation on the development part, the
# model is no better than the rules where they read an arm or infer one from the design's order,
# and where they give none it gives more whole-trial figures ("in both arms", "71 patients relapsed")
# an arm than it rightly places arm values (README, "A trained arm chooser"). `ENABLED` lets the
# model give an arm where the rules give none, when it scores the arm at least `MIN_SCORE`.
ENABLED = False
MIN_SCORE = 0.5
_LEFT, _RIGHT = 12, 8  # words of the window before and after the value
_NEAR = 4  # words on each side also marked by their side
_CHARS_BEFORE, _CHARS_AFTER = 160, 120
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|[^\sA-Za-z\d]")


class ArmChooserMissingError(TrialsiftError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the arm chooser model is missing from {path}: reinstall the package, or train it with "
            "`python -m pipeline.training.arm_chooser` (see the README)"
        )


@dataclass(frozen=True)
class Candidate:
    regimen: Regimen  # as the paper names it; a zero-width span when the arm is the design's
    sources: tuple[str, ...]  # "design_1", "design_2", "sentence", "paragraph"


@dataclass(frozen=True)
class Recorded:
    """What the chooser read for one value, for training: each candidate arm and its words."""

    value_start: int
    candidates: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]


_recording: ContextVar[list[Recorded] | None] = ContextVar("arm_chooser_recording", default=None)


@contextmanager
def recording() -> Iterator[list[Recorded]]:
    """Within this block the rules' arms stand and every value the chooser would read is recorded."""
    seen: list[Recorded] = []
    token = _recording.set(seen)
    try:
        yield seen
    finally:
        _recording.reset(token)


def candidates(sentence: Sentence, index: int, paragraph: Paragraph) -> list[Candidate]:
    """The arms a reader could give the value: the design's, the sentence's regimens, the previous
    sentence's; one per canonical name, the paper's own words kept where it wrote them."""
    value = sentence.values[index]
    found: dict[str, tuple[Regimen, list[str]]] = {}

    def add(regimen: Regimen, source: str) -> None:
        if not regimen.canonical:
            return
        if regimen.canonical not in found:
            found[regimen.canonical] = (regimen, [])
        elif not found[regimen.canonical][0].text and regimen.text:
            found[regimen.canonical] = (regimen, found[regimen.canonical][1])
        found[regimen.canonical][1].append(source)

    design = sentence.design
    if design is not None and len(design.arms) <= 3:
        for order, arm in enumerate(design.arms, 1):
            add(Regimen(value.start, value.start, "", arm.canonical), f"design_{order}")
    for regimen in sentence.regimens:
        add(regimen, "sentence")
    for regimen in paragraph.regimens:
        add(regimen, "paragraph")
    return [Candidate(regimen, tuple(dict.fromkeys(sources))) for regimen, sources in found.values()]


def chooser_words(
    sentence: Sentence, index: int, candidate: Candidate, offered: int, rule_arm: Regimen | None
) -> tuple[str, ...]:
    """The words the classifier reads for the value at `index` and one of the `offered` candidate arms."""
    text, value, design = sentence.text, sentence.values[index], sentence.design
    name = candidate.regimen.canonical

    def mark(canonical: str) -> str:
        if canonical == name or (design is not None and design.complete(canonical) == name):
            return "CAND"
        return "OTHER"

    # Only the characters around the value are read: a stage stays linear in the sentence's length.
    low, high = max(sentence.start, value.start - _CHARS_BEFORE), min(sentence.end, value.end + _CHARS_AFTER)
    marks: list[tuple[int, int, str]] = [
        (v.start, v.end, "NUM") for v in _values_near(sentence, index, low, high)
    ]
    if design is not None:
        marks += [(m.start, m.end, mark(m.arm.canonical)) for m in arm_mentions(text, low, high, design)]
    marks += [
        (r.start, r.end, mark(r.canonical)) for r in sentence.regimens if low <= r.start and r.end <= high
    ]
    tokens: list[str] = []
    position = low
    target = 0
    for start, end, placeholder in _in_order(marks, value.start, value.end):
        tokens += _plain(text[position:start])
        if placeholder == "VALUE":
            target = len(tokens)
        tokens.append(placeholder)
        position = end
    tokens += _plain(text[position:high])
    left, right = tokens[max(0, target - _LEFT) : target], tokens[target + 1 : target + 1 + _RIGHT]
    named = [t for t in tokens if t in ("CAND", "OTHER")]
    place = f"named_{named.index('CAND')}" if "CAND" in named else "named_no"
    pair = f"pair_{sentence.pairs[index]}" if index in sentence.pairs else "pair_no"
    listed = f"listed_{sentence.listed[index]}" if index in sentence.listed else "listed_no"
    evidence = "none" if rule_arm is None else ("implied" if not rule_arm.text else "named")
    rule = "none" if rule_arm is None else ("this" if mark(rule_arm.canonical) == "CAND" else "other")
    lettered = _lettered(left[-_NEAR:]) or _lettered(right[:_NEAR]) or "lettered_no"
    structure = [
        *(f"source_{s}" for s in candidate.sources),
        f"candidates_{min(offered, 4)}",
        f"evidence_{evidence}",
        f"rule_{rule}",
        f"rule_{rule}_{evidence}",
        pair,
        listed,
        place,
        f"{pair}_{place}",
        f"{listed}_{place}",
        *(f"{pair}_{s}" for s in candidate.sources),
        *(f"{listed}_{s}" for s in candidate.sources),
        *(f"{lettered}_{s}" for s in candidate.sources),
        f"nearest_left_{next((w for w in reversed(left) if w in ('CAND', 'OTHER')), 'none')}",
        f"nearest_right_{next((w for w in right if w in ('CAND', 'OTHER')), 'none')}",
    ]
    near = [f"l_{w}" for w in left[-_NEAR:]] + [f"r_{w}" for w in right[:_NEAR]]
    return tuple([*structure, *near, *left, "VALUE", *right])


def chosen_arm(
    sentence: Sentence, index: int, paragraph: Paragraph, rule_arm: Regimen | None
) -> Regimen | None:
    """The rules' arm; where they give none and the chooser is `ENABLED`, the candidate the classifier
    scores highest, when it scores at least `MIN_SCORE`."""
    recorded = _recording.get()
    if recorded is None and (rule_arm is not None or not ENABLED):
        return rule_arm
    offered = candidates(sentence, index, paragraph)
    if not offered:
        return rule_arm
    words = [chooser_words(sentence, index, c, len(offered), rule_arm) for c in offered]
    if recorded is not None:
        names = tuple(c.regimen.canonical for c in offered)
        recorded.append(Recorded(sentence.values[index].start, names, tuple(words)))
        return rule_arm
    scores = [arm_chooser().score(w) for w in words]
    best = max(range(len(offered)), key=lambda i: scores[i])
    return offered[best].regimen if scores[best] >= MIN_SCORE else None


class ArmChooser:
    """The packaged classifier: how likely a candidate arm is the value's, from its words."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        if not (path / "config.cfg").exists():
            raise ArmChooserMissingError(path)
        import spacy  # imported here: only a run that meets a value with candidate arms pays for it

        self.nlp = spacy.load(path, exclude=["vocab"])  # saved without: the bag of words hashes its words
        self.textcat = self.nlp.get_pipe("textcat")

    def score(self, words: tuple[str, ...]) -> float:
        from spacy.tokens import Doc

        return float(self.textcat(Doc(self.nlp.vocab, words=list(words))).cats["YES"])


@cache
def arm_chooser() -> ArmChooser:
    return ArmChooser()


def _values_near(sentence: Sentence, index: int, low: int, high: int) -> list[Value]:
    """The sentence's other values within text[low:high], found by walking out from the value."""
    values = sentence.values
    before = itertools.takewhile(lambda v: v.start >= low, (values[i] for i in range(index - 1, -1, -1)))
    after = itertools.takewhile(lambda v: v.end <= high, values[index + 1 :])
    return [*before, *after]


def _in_order(marks: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The value's mark and, in text order, the marks that overlap neither it nor an earlier one."""
    kept: list[tuple[int, int, str]] = []
    for mark in sorted([*(m for m in marks if m[1] <= start or end <= m[0]), (start, end, "VALUE")]):
        if not kept or kept[-1][1] <= mark[0]:
            kept.append(mark)
    return kept


def _plain(text: str) -> list[str]:
    """Lower-case words; numbers as "D", but for the one-digit numbers of "group 1"."""
    return ["D" if w[0].isdigit() and len(w) > 1 else w.lower() for w in _WORD.findall(text)]


_GROUP_WORDS = frozenset({"group", "groups", "arm", "arms", "cohort"})
_ORDINALS = {"1": 1, "2": 2, "3": 3, "a": 1, "b": 2, "c": 3, "i": 1, "ii": 2, "iii": 3}


def _lettered(words: list[str]) -> str:
    """The place a lettered or numbered group next to the value stands for ("group 2, 74%", "in
    arm B"): a word the model can pair with a candidate's place in the design."""
    for a, b in itertools.pairwise(words):
        if a in _GROUP_WORDS and b in _ORDINALS:
            return f"lettered_{_ORDINALS[b]}"
    return ""
