"""Score efficacy extraction on unseen breast-cancer RCT abstracts (PICO-Corpus, development half).

`../shared/data/pico-breast-dev/` holds 506 PubMed abstracts annotated in BRAT: spans for the
intervention and control arms, outcomes, and result values labelled by arm (`iv-…` intervention,
`cv-…` control): percentages, counts, medians and means. The corpus has no relation lines, so this
scorer decides which outcome a value belongs to, as a reader would:

- **Outcome of a value.** The nearest outcome span before the value in the same sentence; else the
  nearest after it in the same sentence; else the last outcome of the previous sentence.
- **Endpoint family of an outcome** (`OUTCOME_FAMILIES`, first match wins): `pcr`, `response`,
  `survival` (overall survival, death, breast-cancer-specific and disease-specific survival),
  `event_free` (PFS, DFS, EFS, RFS, TTP and their kin), `recurrence` (local, regional, distant
  recurrence; relapse; contralateral breast cancer), `duration` (duration of response or of
  clinical benefit); anything else (toxicity, quality of life, surveys, prevention, surgery) is
  `other` and is not an efficacy value. In an abstract whose title names a symptom (nausea, emesis,
  depression, pain, hot flashes, fatigue, ...; `SYMPTOM_TITLE`) a response outcome is `other` too:
  an antiemetic trial's "complete response" is a day without emesis, a psychotherapy's "remission"
  one of depression, and the issue counts such response rates among the false figures to stop.
- **Gold efficacy values**: the `iv`/`cv` percentages, counts, medians and means whose outcome is
  not `other`. Standard deviations, quartiles and participant totals are not values: a number
  labelled as a value but written as an arm's size, "palbociclib (n = 72)", is not one, nor is a
  duration of follow-up, "a median follow-up of 40 months (Arm A) and 42 months (Arm B)", whatever
  outcome is named before it.
- **Found**: an emitted row whose number overlaps the gold span (offsets mapped back to the
  abstract's characters).
- **Endpoint family right**: the row's endpoint maps to the gold outcome's family
  (`ENDPOINT_FAMILIES`).
- **Arm side**: which side a row's arm is on is decided by word overlap (Jaccard, with drug names
  normalised by the pipeline's own lexicon, hyphenated words also by their parts, and a short form
  the abstract defines, "whole breast irradiation (WBI)", also by its long form's words) between
  the row's `arm`/`arm_text` and each intervention and control span. A gold value counts only where
  the abstract's two sides can be told apart (they share less than all their words).
  A row without an arm is judged by its population the same way, for the sides the annotators
  marked are sometimes two groups a characteristic defines ("obese" against "non-obese", "palpable"
  against "nonpalpable tumors"), whose figures the pipeline gives those groups and no arm; a row
  with neither is wrong. Three readings come before the overlap, because the overlap
  gets them backwards:
  - *a negated arm is the other side*: a mention that opens with "no", "non", "not" or "without",
    or ends in "-" ("no HRT", "without (no-Ax)", "DA-"), names the side opposite the one it is
    annotated on by its remaining words, and a row whose arm or label is negated so ("no axillary
    radiotherapy", "DA-") is on the side opposite its remaining words'. Otherwise "HRT" is closest
    to "no HRT" (all its words) and "no axillary radiotherapy" to "axillary radiotherapy";
  - *a label the annotators marked*: a row whose `arm_text` has the very words of mentions of one
    side only ("ARM B", "group B", "control" of "control treatment") is on that side, whatever the
    design resolved the label to: two arms of one drug at two doses share all their drug words, and
    an add-on trial's control regimen shares most of its words with the intervention's span;
  - *the intervention added on the control*: an arm with all the words of an intervention mention
    that shares none with the control's mentions, and some of the control's words as well, is the
    intervention ("FAC plus paclitaxel" where the spans are "paclitaxel" and "FAC"; "PDT + RT"
    against "RT alone"): overlap puts it with the control, whose longer span it shares more of. So
    is an arm with all the words of a control mention whose regimen holds every drug of an
    intervention mention, one the control's mentions do not name among them, where the
    intervention's span repeats the control's drugs ("docetaxel + epirubicin + endostatins" against
    the spans "neoadjuvant recombinant human endostatin, docetaxel and epirubicin" and "DE"; not
    "placebo + fulvestrant" against "cediranib in combination with fulvestrant" and "placebo").
- **False rows on abstracts without efficacy outcomes**: every row emitted on an abstract with no
  gold efficacy value and no outcome span of an efficacy family (hazard ratios are not annotated,
  so an abstract whose only efficacy figure is a hazard ratio still names its outcome); the target
  is at most 1 per 20 such abstracts. Rows on the other abstracts that match no gold value are
  counted apart: many are hazard ratios and landmark rates the corpus does not annotate.

Abstracts are split by a hash of their PMID: one in five is `held-out`, never read while writing
rules; the rest is `dev`. Both are printed, and so is the whole.

With `--audit`, the development part's values on the wrong side are counted by their category in
`bench/pico_dev_arm_audit.csv`, where each was read once (G1-G3 the annotation's, S the scorer's,
P1-P3 the pipeline's); a P or S value whose row has another arm now is counted apart, and so is a
value the audit never read. It prints what the arm side would be with every value right but the G
and S ones (how far the pipeline's own rules can take it), and with the G values left out and the S
values counted right.

    .venv/bin/python bench/pico_dev.py [--data-dir DIR] [--split dev] [--show misses|arms|false|families]
        [--audit]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.entities import extract_entities
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Measurement

REPO = Path(__file__).resolve().parent.parent
ARM_AUDIT = REPO / "bench" / "pico_dev_arm_audit.csv"
VALUE_LABEL = re.compile(r"^(?P<side>iv|cv)-(?:bin-percent|bin-abs|cont-median|cont-mean)$")
# What makes a labelled value no efficacy value: an arm's size, or a duration of follow-up (the
# follow-up named before it in the same clause).
ARM_SIZE_BEFORE = re.compile(r"\(\s*n\s*=\s*$", re.IGNORECASE)
FOLLOW_UP_BEFORE = re.compile(r"\bfollow-?up\b[^,;.]*$", re.IGNORECASE)
DURATION = re.compile(r"\b(?:months?|weeks?|days?|years?)\b", re.IGNORECASE)

# Gold outcome text -> endpoint family; first match wins, so the specific come first.
OUTCOME_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern, re.IGNORECASE))
    for family, pattern in (
        (
            "other",
            r"toxicit|adverse|neutropeni|nausea|vomit|fatigue|pain|quality of life|\bqol\b|depress|"
            r"anxiety|lymph(?:o)?edema|dermatitis|fibrosis|cardiac|cardiotox|\blvef\b|infection|"
            r"seroma|complication|hot fl|weight|\bbmd\b|adheren|satisf|choice|screening|knowledge|"
            r"informed|mucositis|diarrh|neuropath|alopecia|hair|discontinu|completed|completion|"
            r"compliance|\bvte\b|thrombo|pneumonitis|osteonecrosis|\bbronj\b|\baia\b|arthralg|"
            r"estradiol|biomarker|expression|\bki-?67\b|tils?\b|sentinel|\bslns?\b|\bsns?\b|"
            r"re-?excision|reoperation|mastectomy rate|breast conserv|cosme|accuracy|detection|"
            r"hormone|er-positiv|receptor|died of (?:toxicity|adverse)|death owing to aes|"
            r"treatment-related death|toxic death|\bu?ntx\b|creatinine|fear of|t[- ]cell|antibod|immune|"
            r"withdrawn",
        ),
        ("pcr", r"\bpcr\b|pathologic(?:al)? complete|complete pathologic|ypt0|rcb[- ]?0"),
        ("duration", r"duration of (?:\w+ )?(?:response|remission|benefit)|response duration|\bdor\b"),
        (
            "event_free",
            r"progression[- ]free|\bpfs\b|disease[- ]free|\b[id]?dfs\b|event[- ]free|\befs\b|"
            r"relapse[- ]free|recurrence[- ]free|\b[dl]?rfs\b|\bdrfs\b|\bbcfi\b|"
            r"time to (?:\w+ ){0,2}(?:progression|treatment failure|recurrence|relapse|death)|"
            r"\bttp\b|\bttf\b|progression event|progression(?! rate)|alive and disease free|"
            r"relapsed or died|disease recurrence or death|metastasis[- ]free|\bdmfs\b|\bdfi\b",
        ),
        (
            "recurrence",
            r"recurren|relaps|\blrr\b|\bibtr\b|\bibr\b|local(?:ly)? failure|local progression|"
            r"contralateral|second (?:primary|malignanc|breast)|distant metasta",
        ),
        (
            "survival",
            r"survival|\bos\b|\bbcss\b|death|died|deaths|mortality|alive|surviv",
        ),
        (
            "response",
            r"respon|\borrs?\b|\bcbr\b|clinical benefit|\bdcr\b|disease control|remission|"
            r"\bcr\b|\bpr\b|stable disease|\bsd\b|progressive disease|\bpd\b|\brr\b|effective rate|"
            r"tumou?r (?:shrinkage|regression)",
        ),
    )
)

ENDPOINT_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("ORR", "CR", "PR", "SD", "PD", "CBR", "DCR", "TTRESP"), "response"),
    "PCR": "pcr",
    **dict.fromkeys(("OS", "BCSS", "DSS", "DEATH", "CSM"), "survival"),
    **dict.fromkeys(
        (
            *("PFS", "DFS", "IDFS", "DDFS", "DRFS", "EFS", "RFS", "MFS", "DMFS", "BCFI"),
            *("TTP", "TTR", "TTF", "PFS2", "LC"),
        ),
        "event_free",
    ),
    "RECURRENCE": "recurrence",
    **dict.fromkeys(("DOR", "DOCB"), "duration"),
}

_STOP_WORDS = (
    "a an the of with and or plus in on to for by at as alone group groups arm arms patients mg m2 kg "
    "daily weekly every day days weeks cycles cycle treatment therapy followed"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GoldValue:
    pmid: str
    side: str  # "iv" or "cv"
    span: Span
    outcome: str
    family: str


@dataclass
class Abstract:
    pmid: str
    text: str
    spans: list[Span]
    gold: list[GoldValue] = field(default_factory=list)
    efficacy_outcomes: int = 0  # outcome spans of an efficacy family, with or without a value


def read_spans(path: Path) -> list[Span]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, text = line.split("\t", 2)
        label, offsets = info.split(" ", 1)
        start, end = offsets.split(";")[0].split(" ")[:2]
        spans.append(Span(label, int(start), int(end), text))
    return spans


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    return [*bounds, (start, len(text))]


# A title that names a symptom: the trial treats the symptom, so its "complete response" or
# "remission" is of nausea, emesis or depression, not of the tumour (issue #10's antiemetic and
# psychological response rates).
SYMPTOM_TITLE = re.compile(
    r"nausea|vomit|emesis|antiemetic|anti-emetic|depress|anxiety|psycho|distress|\bpain\b|analges|"
    r"fatigue|hot fl|mucositis|constipation",
    re.IGNORECASE,
)


def outcome_family(outcome: str, symptom_trial: bool = False) -> str:
    for family, pattern in OUTCOME_FAMILIES:
        if pattern.search(outcome):
            return "other" if family == "response" and symptom_trial else family
    return "other"


def outcome_of(value: Span, outcomes: list[Span], sentences: list[tuple[int, int]]) -> str:
    index = next(i for i, (start, end) in enumerate(sentences) if start <= value.start <= end)
    start, end = sentences[index]
    before = [o for o in outcomes if start <= o.start and o.end <= value.start]
    if before:
        return before[-1].text
    after = [o for o in outcomes if o.start >= value.end and o.end <= end]
    if after:
        return after[0].text
    if index:
        previous = [o for o in outcomes if sentences[index - 1][0] <= o.start < start]
        if previous:
            return previous[-1].text
    return ""


def read_abstract(txt: Path) -> Abstract:
    text = txt.read_text(encoding="utf-8")
    spans = read_spans(txt.with_suffix(".ann"))
    outcomes = sorted((s for s in spans if s.label in ("outcome", "outcome-Measure")), key=lambda s: s.start)
    sentences = sentence_bounds(text)
    abstract = Abstract(txt.stem, text, spans)
    symptom_trial = bool(SYMPTOM_TITLE.search(text[: sentences[0][1]]))
    abstract.efficacy_outcomes = sum(outcome_family(o.text, symptom_trial) != "other" for o in outcomes)
    for span in spans:
        label = VALUE_LABEL.match(span.label)
        if not label or not_a_value(text, span):
            continue
        outcome = outcome_of(span, outcomes, sentences)
        family = outcome_family(outcome, symptom_trial)
        if family != "other":
            abstract.gold.append(GoldValue(txt.stem, label["side"], span, outcome, family))
    return abstract


def not_a_value(text: str, span: Span) -> bool:
    """An arm's size ("(n = 72)") or a duration of follow-up, labelled as a value."""
    before = text[max(0, span.start - 80) : span.start]
    if ARM_SIZE_BEFORE.search(before):
        return True
    # a decimal point is no full stop: "follow-up of 40.5 months (Arm A) and 42 months"
    clause = re.sub(r"(?<=\d)\.(?=\d)", "", before)
    return bool(DURATION.search(span.text) and FOLLOW_UP_BEFORE.search(clause))


def held_out(pmid: str) -> bool:
    return int(hashlib.sha256(pmid.encode()).hexdigest(), 16) % 5 == 0


def words(text: str, abbreviations: dict[str, str] | None = None) -> set[str]:
    """Content words, hyphenated words also by their parts, drugs by their generic names, and a short
    form the abstract defines also by the words of its long form."""
    # "nonobese" is "non-obese", as the other spelling of the same group is read
    tokens = _WORD.findall(_NON_JOINED.sub("non-", text.lower()))
    if abbreviations:
        long_forms = [abbreviations[token] for token in tokens if token in abbreviations]
        tokens += [w for long in long_forms for w in _WORD.findall(long)]
    tokens += [part for token in tokens if "-" in token for part in token.split("-")]
    found = {w for w in tokens if w not in _STOP and not w.isdigit()}
    found |= {e.canonical for e in extract_entities("arm", text) if e.label == "DRUG"}
    return found


_DEFINED = re.compile(r"(?P<long>(?:[A-Za-z][\w-]*\s+){1,8}?)\((?P<short>[A-Za-z][A-Za-z0-9-]{1,9})\)")


def defined_abbreviations(text: str) -> dict[str, str]:
    """Short forms the abstract defines, lower-case -> long form: "whole breast irradiation (WBI)",
    found by Schwartz and Hearst's algorithm (PSB 2003) over the words before the bracket."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = match["short"]
        long_words = match["long"].split()[-min(len(short) + 5, 2 * len(short)) :]
        long = _long_form(short, " ".join(long_words))
        if long:
            found.setdefault(short.lower(), long.lower())
    return found


def _long_form(short: str, candidate: str) -> str:
    """The shortest end of `candidate` holding the short form's characters in order, its first
    character starting a word; '' if there is none."""
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        character = short[s].lower()
        if not character.isalnum():
            s -= 1
            continue
        while c >= 0 and (
            candidate[c].lower() != character or (s == 0 and c > 0 and candidate[c - 1].isalnum())
        ):
            c -= 1
        if c < 0:
            return ""
        c -= 1
        s -= 1
    return candidate[candidate.rfind(" ", 0, c + 1) + 1 :]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# "no HRT", "without (no-Ax)", "no-Ax", "DA-"; not "non-trastuzumab observation" (an observation arm).
# "non-X" alone or with the noun of a group ("non-obese patients"), spelt with a hyphen or without
_NEGATED = re.compile(
    r"^\W*(?:(?:no|not|without)\s|(?:no-|non-|non(?=[a-z]{4}))\S+(?:\s+(?:patients|women|tumou?rs|groups?))?\W*$)"
    r"|[a-z0-9]-\W*$",
    re.IGNORECASE,
)
_NON_JOINED = re.compile(r"\bnon(?=[a-z]{4})")
_NEGATION_WORDS = frozenset({"no", "non", "not", "without"})
_OTHER_SIDE = {"iv": "cv", "cv": "iv", "": ""}


def negated(text: str, abbreviations: dict[str, str]) -> bool:
    """An arm named by what it lacks, and by more than "no" ("no therapy" is an arm of its own
    words): "no HRT", "without (no-Ax)", "non-X", "DA-"."""
    return bool(_NEGATED.search(text.strip())) and bool(positive_words(text, abbreviations))


def positive_words(text: str, abbreviations: dict[str, str]) -> set[str]:
    """The words of a negated arm without its negation ("no-ax" -> "ax")."""
    found = words(text, abbreviations)
    return {w for w in found if w not in _NEGATION_WORDS and not w.startswith(("no-", "non-"))}


def side_of_row(arm: str, arm_text: str, abstract_sides: AbstractSides, abbreviations: dict[str, str]) -> str:
    """The side a row's arm is on: by the label the annotators marked, else by overlap, a negated
    arm or label being the other side of its remaining words'."""
    label = words(arm_text, abbreviations) if arm_text else set()
    marked = {side for side, mentions in abstract_sides.marked.items() if label and label in mentions}
    if len(marked) == 1:
        return marked.pop()
    text = f"{arm} {arm_text}"
    arm_words = words(text, abbreviations)
    if _adds_intervention(arm_words, arm, abstract_sides):
        return "iv"
    if negated(arm, abbreviations) or negated(arm_text, abbreviations):
        return _OTHER_SIDE[side_of(positive_words(text, abbreviations), abstract_sides.positive)]
    return side_of(arm_words, abstract_sides.positive)


def side_of_measurement(
    row: Measurement, abstract_sides: AbstractSides, abbreviations: dict[str, str]
) -> str:
    """The side a row is on: its arm's, or where it has none, its population's (a pair of groups
    the pipeline gives as populations, "obese" and "non-obese"); '' for neither."""
    if row.arm or row.arm_text:
        return side_of_row(row.arm, row.arm_text, abstract_sides, abbreviations)
    return side_of_row(row.population, "", abstract_sides, abbreviations) if row.population else ""


def _adds_intervention(arm_words: set[str], arm: str, abstract_sides: AbstractSides) -> bool:
    """An arm that is the intervention added on the control: it holds all the words of an
    intervention mention that shares none with the control's, and some of the control's words too
    ("FAC plus paclitaxel" where the intervention is "paclitaxel" and the control "FAC"); or its
    regimen (`arm`, "A + B") holds every drug an intervention mention names, one of them a drug the
    control's mentions do not name, and it holds all the words of a control mention
    ("docetaxel + epirubicin + endostatins" where the intervention is "endostatin, docetaxel and
    epirubicin" and the control "DE"; not "placebo + fulvestrant" against "cediranib in combination
    with fulvestrant" and "placebo")."""
    sides = abstract_sides.positive
    control = set().union(*sides["cv"]) if sides["cv"] else set()
    regimen = set(arm.split(" + "))
    return bool(arm_words & control) and (
        any(mention <= arm_words and not mention & control for mention in sides["iv"])
        or (
            any(mention <= arm_words for mention in sides["cv"])
            and any(drugs <= regimen and drugs - control for drugs in abstract_sides.intervention_drugs)
        )
    )


def side_of(arm_words: set[str], sides: dict[str, list[set[str]]]) -> str:
    """The side whose best-matching mention the arm overlaps most; '' on a tie or no overlap."""
    score = {
        side: max((jaccard(arm_words, m) for m in mentions), default=0.0) for side, mentions in sides.items()
    }
    best = max(score, key=lambda side: score[side])
    others = [s for side, s in score.items() if side != best]
    return best if score[best] > 0 and all(score[best] > s for s in others) else ""


@dataclass
class AbstractSides:
    """Each side's mentions as word sets: as annotated (`marked`), and with a negated mention moved
    to the other side by its remaining words (`positive`)."""

    marked: dict[str, list[set[str]]]
    positive: dict[str, list[set[str]]]
    # the drugs each intervention mention names, by their generic names ("endostatin, docetaxel and
    # epirubicin": all three)
    intervention_drugs: list[set[str]] = field(default_factory=list)


def arm_sides(abstract: Abstract) -> AbstractSides | None:
    """Word sets of each side's mentions, or None when the two sides cannot be told apart."""
    abbreviations = defined_abbreviations(abstract.text)
    spans = {
        side: [s.text for s in abstract.spans if s.label == label]
        for side, label in (("iv", "intervention"), ("cv", "control"))
    }
    marked = {
        side: [m for m in (words(t, abbreviations) for t in texts) if m] for side, texts in spans.items()
    }
    if not marked["iv"] or not marked["cv"]:
        return None
    if set().union(*marked["iv"]) == set().union(*marked["cv"]):
        return None
    positive: dict[str, list[set[str]]] = {"iv": [], "cv": []}
    for side, texts in spans.items():
        for text in texts:
            if negated(text, abbreviations):
                positive[_OTHER_SIDE[side]].append(positive_words(text, abbreviations))
            elif found := words(text, abbreviations):
                positive[side].append(found)
    drugs = [
        {e.canonical for e in extract_entities("arm", text) if e.label == "DRUG"} for text in spans["iv"]
    ]
    return AbstractSides(marked, positive, [d for d in drugs if d])


def extract(nlp, path: Path) -> list[tuple[Measurement, int, int]]:
    """Rows with the number's span in the abstract's characters."""
    document = ingest_file(path)
    entities = document_entities(nlp, document.doc_id, [document.text])
    raw = path.read_bytes()
    rows = []
    for row in extract_measurements(document, entities):
        start, end = document.to_source(row.char_start, row.char_end)
        if document.source_unit == "byte":  # the annotations count characters
            start, end = len(raw[:start].decode(document.encoding)), len(raw[:end].decode(document.encoding))
        rows.append((row, start, end))
    return rows


@dataclass(frozen=True)
class WrongSide:
    """A gold value whose row is on the other side or on none: where, and the row's arm."""

    pmid: str
    start: int
    arm: str


@dataclass
class Tally:
    abstracts: int = 0
    gold: int = 0
    found: int = 0
    family_right: int = 0
    arm_judged: int = 0
    arm_right: int = 0
    quiet_abstracts: int = 0
    false_rows: int = 0
    unmatched_rows: int = 0
    by_family: Counter[str] = field(default_factory=Counter)
    found_by_family: Counter[str] = field(default_factory=Counter)
    wrong_sides: list[WrongSide] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def family(self) -> float:
        return self.family_right / self.found if self.found else 0.0

    @property
    def arm(self) -> float:
        return self.arm_right / self.arm_judged if self.arm_judged else 0.0

    @property
    def false_per_20(self) -> float:
        return 20 * self.false_rows / self.quiet_abstracts if self.quiet_abstracts else 0.0

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            elif isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def lines(self, name: str) -> Iterable[str]:
        yield f"[{name}] {self.abstracts} abstracts, {self.gold} gold efficacy values"
        yield f"  value recall        {self.recall:.3f}  ({self.found} of {self.gold})"
        yield f"  endpoint family     {self.family:.3f}  ({self.family_right} of {self.found} found)"
        yield f"  arm side            {self.arm:.3f}  ({self.arm_right} of {self.arm_judged} judged)"
        yield (
            f"  false rows          {self.false_per_20:.2f} per 20 abstracts without efficacy values"
            f"  ({self.false_rows} rows on {self.quiet_abstracts} abstracts)"
        )
        yield f"  rows matching no gold value on abstracts with efficacy outcomes: {self.unmatched_rows}"
        recall_by = ", ".join(
            f"{f} {self.found_by_family[f]}/{n}"
            for f, n in sorted(self.by_family.items(), key=lambda kv: -kv[1])
        )
        yield f"  recall by family    {recall_by}"


def score(
    abstract: Abstract, rows: list[tuple[Measurement, int, int]], tally: Tally, show: frozenset[str]
) -> None:
    if not abstract.gold:
        if abstract.efficacy_outcomes:
            tally.unmatched_rows += len(rows)
            return
        tally.quiet_abstracts += 1
        tally.false_rows += len(rows)
        if "false" in show:
            for row, start, end in rows:
                number = abstract.text[start:end]
                print(f"FALSE {abstract.pmid} {row.endpoint} {row.measure} {number!r}: {row.evidence[:160]}")
        return
    sides = arm_sides(abstract)
    abbreviations = defined_abbreviations(abstract.text)
    matched: set[int] = set()
    for gold in abstract.gold:
        tally.gold += 1
        tally.by_family[gold.family] += 1
        hits = [
            i for i, (_, start, end) in enumerate(rows) if start < gold.span.end and gold.span.start < end
        ]
        if not hits:
            if "misses" in show:
                print(
                    f"MISS {abstract.pmid} {gold.side} {gold.family} {gold.span.text!r} ({gold.outcome}): "
                    f"{context(abstract.text, gold.span)}"
                )
            continue
        matched.update(hits)
        row = rows[hits[0]][0]
        tally.found += 1
        tally.found_by_family[gold.family] += 1
        family = ENDPOINT_FAMILIES.get(row.endpoint, "other")
        tally.family_right += family == gold.family
        if family != gold.family and "families" in show:
            print(
                f"FAMILY {abstract.pmid} {gold.family} ({gold.outcome}) got {row.endpoint}: "
                f"{gold.span.text!r}: {context(abstract.text, gold.span)}"
            )
        if sides is None:
            continue
        tally.arm_judged += 1
        side = side_of_measurement(row, sides, abbreviations)
        tally.arm_right += side == gold.side
        if side != gold.side:
            tally.wrong_sides.append(WrongSide(abstract.pmid, gold.span.start, row.arm))
            if "arms" in show:
                print(
                    f"ARM {abstract.pmid} gold {gold.side} got {side or '-'} "
                    f"({row.arm_text!r} -> {row.arm!r}) "
                    f"{gold.span.text!r}: {context(abstract.text, gold.span)}"
                )
    tally.unmatched_rows += len(rows) - len(matched)


def context(text: str, span: Span, width: int = 110) -> str:
    start, end = max(0, span.start - width), min(len(text), span.end + width // 3)
    return " ".join(
        (text[start : span.start] + "[[" + text[span.start : span.end] + "]]" + text[span.end : end]).split()
    )


def score_corpus(data_dir: Path, split: str = "all", show: frozenset[str] = frozenset()) -> dict[str, Tally]:
    """Tallies for the `dev` and `held-out` parts and for `all`; `show` prints the dev part's errors."""
    nlp = shared_pipeline()
    tallies = {"dev": Tally(), "held-out": Tally()}
    for txt in sorted(data_dir.glob("*.txt")):
        part = "held-out" if held_out(txt.stem) else "dev"
        if split in ("all", part):
            tallies[part].abstracts += 1
            score(
                read_abstract(txt), extract(nlp, txt), tallies[part], show if part == "dev" else frozenset()
            )
    whole = Tally()
    for tally in tallies.values():
        whole.add(tally)
    return {**tallies, "all": whole}


def audit_lines(tally: Tally, audit: Path) -> Iterable[str]:
    """The wrong sides of `tally` by their category in the `audit`, and the arm side two readings of
    them give. A G value is the annotation's whatever the row says; an S or P value is the audit's
    only while the row's arm is the one read then (its `row_arm`, "arm [as written]")."""
    with audit.open(newline="", encoding="utf-8") as handle:
        read = {(r["pmid"], int(r["value_start"])): r for r in csv.DictReader(handle)}
    categories: Counter[str] = Counter()
    for wrong in tally.wrong_sides:
        entry = read.get((wrong.pmid, wrong.start))
        if entry is None:
            categories["not audited"] += 1
        elif entry["category"].startswith("G") or entry["row_arm"].split(" [")[0] == wrong.arm:
            categories[entry["category"]] += 1
        else:
            categories["arm changed since"] += 1
    # At most, the pipeline is at fault for its P values and for those the audit cannot vouch for.
    fixable = sum(n for c, n in categories.items() if not c.startswith(("G", "S")))
    annotation = sum(n for c, n in categories.items() if c.startswith("G"))
    judged, right = tally.arm_judged, tally.arm_right
    yield "  wrong sides by audit category  " + ", ".join(f"{c} {n}" for c, n in sorted(categories.items()))
    yield f"  with all but G and S right    {(right + fixable) / judged:.3f}  ({right + fixable} of {judged})"
    kept, counted = judged - annotation, right + categories["S"]
    yield f"  without G, S counted right    {counted / kept:.3f}  ({counted} of {kept})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pico-breast-dev")
    parser.add_argument(
        "--show", action="append", default=[], choices=["misses", "arms", "false", "families"]
    )
    parser.add_argument(
        "--split", choices=["dev", "held-out", "all"], default="all", help="which abstracts to score"
    )
    parser.add_argument(
        "--audit", action="store_true", help=f"count the dev part's wrong sides by {ARM_AUDIT.name}"
    )
    args = parser.parse_args()
    if not any(args.data_dir.glob("*.ann")):
        parser.error(f"{args.data_dir}: no BRAT annotations (*.ann) here; pass the corpus with --data-dir")
    for name, tally in score_corpus(args.data_dir, args.split, frozenset(args.show)).items():
        if tally.abstracts:
            for line in tally.lines(name):
                print(line)
            if args.audit and name == "dev":
                for line in audit_lines(tally, ARM_AUDIT):
                    print(line)


if __name__ == "__main__":
    main()
