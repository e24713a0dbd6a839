"""Which population a figure is of: a population phrase or cohort named before or right after it,
or the subgroup the paragraph and the trial's design imply."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from pipeline.efficacy.candidates import BRACKETED_FIGURES, PERCENT, TIME
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.designs import complete_population, described_cohort
from pipeline.efficacy.pieces import title_span
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.scan import REACH

# "including those with brain metastases": who could enrol, not which patients a figure is of;
# "patients develop brain metastases": how common they are.
_NOT_A_SUBGROUP_BEFORE = re.compile(
    r"\b(?:includ(?:ing|ed)|inclusion\s+of|allow(?:ed|ing)|enroll?(?:ed|ing)|develop(?:s|ed|ing)?)\b[^.;]{0,40}$"
)


def population_of(
    sentence: Sentence,
    index: int,
    endpoint: str,
    cns: bool,
    trial: str,
    paragraph: Paragraph,
    rules: EfficacyRules,
) -> str:
    """The population of the sentence's value at `index`, a figure of `endpoint` in `trial`: named after
    it or before it, a cohort the trial's design describes, or the paragraph's cohort; then completed
    by the design."""
    text, start, value = sentence.text, sentence.start, sentence.values[index]
    population = _population_after(sentence, index, rules) or _population_before(sentence, value.start, rules)
    if not population:
        population = (
            described_cohort(trial, text, start, value.start)
            or (paragraph.cohort[1] if paragraph.cohort and paragraph.cohort[0] == trial else "")
            or _subgroup(sentence, index, rules)
        )
    if endpoint in rules.incidence:
        # Counted among all of an arm's patients: "patients with stable brain metastasis" in such a
        # sentence says who was eligible, not which subgroup the figure is of.
        return population if population.startswith("cohort") else ""
    return complete_population(trial, population, cns, paragraph.brain_metastases)


def mentions_brain_metastases(text: str, start: int, end: int, rules: EfficacyRules) -> bool:
    return any(
        not _NOT_A_SUBGROUP_BEFORE.search(text, max(start, match.start() - 60), match.start())
        for match in rules.intracranial_populations.finditer(text, start, end)
    )


def _population_before(sentence: Sentence, position: int, rules: EfficacyRules) -> str:
    """The nearest population phrase before `position`; "active brain metastases" beats the
    "brain metastases" inside it."""
    text, sentence_start = sentence.text, sentence.start
    # Scanning from the sentence's start for each value is quadratic in long sentences. The phrases
    # that begin REACH before the value are found once per sentence; only the stretch after them is
    # scanned for each value, as far as the value (a pattern may look at what follows a phrase).
    early = max(sentence_start, position - REACH)
    phrases, by_pattern = _sentence_phrases(text, sentence_start, sentence.end, _patterns(rules))
    before = bisect_left(phrases, (early,))  # phrases[:before] begin REACH before the value
    found: list[tuple[int, int, str]] = []
    for (pattern, name), own in zip(_patterns(rules), by_pattern, strict=True):
        own_before = bisect_left(own, (early,))
        scan_from = max(early, own[own_before - 1][1]) if own_before else early
        found += [
            (m.start(), m.end(), name or f"cohort {m['name']}")
            for m in pattern.finditer(text, scan_from, position)
        ]
    found.sort()
    # The last phrase that no other contains and that no bracketed figures separate from the value.
    for f in itertools.chain(reversed(found), (phrases[i] for i in range(before - 1, -1, -1))):
        near = phrases[bisect_left(phrases, (f[1] - REACH,)) : before]
        if not any(o != f and o[0] <= f[0] and f[1] <= o[1] for o in itertools.chain(near, found)) and not (
            BRACKETED_FIGURES.match(text, f[1], position)
        ):
            return f[2]
    return ""


def _patterns(rules: EfficacyRules) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The population patterns, then the cohort's (its name is the cohort's: "")."""
    return (*rules.populations, (rules.cohort, ""))


@lru_cache(maxsize=2)
def _sentence_phrases(
    text: str, start: int, end: int, patterns: tuple[tuple[re.Pattern[str], str], ...]
) -> tuple[list[tuple[int, int, str]], list[list[tuple[int, int, str]]]]:
    """The population phrases of text[start:end], in order, and those of each pattern."""
    by_pattern = [
        [(m.start(), m.end(), name or f"cohort {m['name']}") for m in pattern.finditer(text, start, end)]
        for pattern, name in patterns
    ]
    return sorted(itertools.chain.from_iterable(by_pattern)), by_pattern


_POPULATION_AFTER = re.compile(
    rf"{PERCENT}?\s*(?:{TIME}|patients?)?\s*\)?\s*(?:\([^()]*\)\s*)?(?:[\w-]+\s+){{0,4}}?,?\s*(?:in|for|among|across)\s+"
    r"(?:the\s+)?"
    r"(?:patients\s+with\s+)?"
)


def _population_after(sentence: Sentence, index: int, rules: EfficacyRules) -> str:
    """ "45.2% vs 27.6% for stable brain metastasis", "74.6% in cohort A": named right after the value
    (or after the second value of its pair)."""
    text, values, value, end = sentence.text, sentence.values, sentence.values[index], sentence.end
    pairs = sentence.pairs
    last = values[index + 1] if pairs.get(index) == 0 and index + 1 < len(values) else value
    lead = _POPULATION_AFTER.match(text, last.end, end)
    if not lead:
        return ""
    window_end = min(end, lead.end() + 45)
    for pattern, name in [*rules.populations, (rules.cohort, "")]:
        match = pattern.match(text, lead.end(), window_end)
        if match:
            return name or f"cohort {match['name']}"
    return ""


def _subgroup(sentence: Sentence, index: int, rules: EfficacyRules) -> str:
    """A subgroup of the trial's patients the sentence names for the value, as written: right after
    it (or after its pair), "... (52.0 vs. 3.4%) in Japanese patients", else the nearest before it,
    "In those patients naive to prior tamoxifen therapy (414/694; 59.7%), median PFS was 17.0
    months", unless a phrase of the whole population comes between ("in Japanese patients compared
    with the overall population (3.4 vs. 9.4%)") or the phrase says whom a trial enrolled ("a phase
    III trial in Japanese patients", `_names_subgroup`). One named after a comma comments on the
    figure ("65.3 months, particularly favorable in hormone receptor-positive patients")."""
    text, start, end, values = sentence.text, sentence.start, sentence.end, sentence.values
    value = values[index]
    last = index + 1 if sentence.pairs.get(index) == 0 and index + 1 < len(values) else index
    following = values[last + 1].start if last + 1 < len(values) else end
    # Bounded scans: a long sentence (a flattened table) costs its length once per value, not squared.
    after = rules.subgroup.search(text, values[last].end, min(end, values[last].end + REACH))
    if (
        after
        and after.start() < min(following, values[last].end + _SUBGROUP_GAP)
        and not re.search(r"[.;,]", text[values[last].end : after.start()])
        and _names_subgroup(after, sentence, rules)
    ):
        return _as_written(after)
    since = max(start, value.start - _SUBGROUP_REACH)
    for found in reversed(list(rules.subgroup.finditer(text, since, value.start))):
        if rules.whole_population.search(text, found.end(), value.start):
            return ""
        if _names_subgroup(found, sentence, rules):
            return _as_written(found)
    opening = rules.subgroup_opening.match(text, start, value.start)
    if (
        opening
        and not any(opening.start() <= r.start < opening.end() for r in sentence.regimens)
        and _names_subgroup(opening, sentence, rules)
    ):
        return _as_written(opening)  # "Among patients with basal BC, the pCR rate was ..."
    return ""


_SUBGROUP_GAP = 40  # characters between a value and a subgroup named after it
# How far before a value a sentence's subgroup still holds ("In a retrospective analysis of those
# patients who had received previous adjuvant tamoxifen treatment ..., median PFS was 13.5 months in
# the combination group compared with 14.1 months in the anastrozole-alone group (HR = 0.89").
_SUBGROUP_REACH = 3 * REACH


def _names_subgroup(found: re.Match[str], sentence: Sentence, rules: EfficacyRules) -> bool:
    text, at = sentence.text, found.start()
    if rules.subgroup_not_after.search(text, max(sentence.start, at - 60), at):
        return False
    trait = tuple(w for w in _TRAIT_WORD.findall(found["name"]) if w.lower() not in rules.trait_ignored)
    return not _names_trait(rules.whole_population_words, trait)


_TRAIT_WORD = re.compile(r"[^\W_]+\+?")
_ENROLLED_SENTENCES = 20  # a paper says whom its trial took early; a text of such words costs no more


def with_whole_population(rules: EfficacyRules, text: str) -> EfficacyRules:
    """The rules for one document, with the words of its whole population: its title and its first
    sentences that say whom its trial took (each as far as a sentence reaches). A subgroup's trait
    they name is every patient's. A subgroup analysis has none: the patients it took are a subgroup
    of its trial's."""
    title = _title(text, rules.title_reach, rules.subgroup_title)
    if title is None:
        return rules
    words = [text[title[0] : title[1]]]
    for match in itertools.islice(rules.enrolled_sentence.finditer(text), _ENROLLED_SENTENCES):
        early, late = max(0, match.start() - REACH), min(len(text), match.end() + REACH)
        opening = max(
            text.rfind(". ", early, match.start()), text.rfind("\n", early, match.start()), early - 1
        )
        ends = [i for i in (text.find(". ", match.end(), late), text.find("\n", match.end(), late)) if i >= 0]
        words.append(text[opening + 1 : min(ends, default=late)])
    return replace(rules, whole_population_words="\n".join(words))


@lru_cache(maxsize=256)
def _names_trait(words: str, trait: tuple[str, ...]) -> bool:
    """Whether `words` name `trait` (its words with any spaces or hyphens between)."""
    written = r"(?<![^\W_])" + r"[\s-]*".join(re.escape(w) for w in trait) + r"(?![^\W_])"
    return bool(trait) and re.search(written, words, re.IGNORECASE) is not None


def _as_written(found: re.Match[str]) -> str:
    """The phrase, one subgroup however it is called: "the Japanese subgroup" is "Japanese patients"."""
    return _GROUP_NOUN.sub("patients", " ".join(found["name"].split()))


_GROUP_NOUN = re.compile(r"\b(?:subgroup|subset|population|subjects)$")


def contrasted_group(sentence: Sentence, index: int, rules: EfficacyRules) -> str:
    """The group the value at `index` is of where its sentence sets two groups a characteristic
    defines against each other (`subgroups.contrasted` in the rules): its own group named right after
    it ("87.5% for non-obese and 82.9% for obese patients"), else, for a value of a pair, the pair's
    groups named before it, in the pair's order ("lower for palpable than nonpalpable tumors (DFS
    93.5% vs. 98.4%"); else ""."""
    return _group_after(sentence, index, rules) or _group_of_pair(sentence, index, rules)


def _group_after(sentence: Sentence, index: int, rules: EfficacyRules) -> str:
    own = _label_after(sentence, index, rules)
    if own is None:
        return ""
    for other in (index - 1, index + 1):
        theirs = _label_after(sentence, other, rules) if 0 <= other < len(sentence.values) else None
        if theirs and _contrast(own["a"], theirs["a"], rules) and (own["head"] or theirs["head"]):
            return _group(own["a"], own["head"] or theirs["head"])
    return ""


def _label_after(sentence: Sentence, index: int, rules: EfficacyRules) -> re.Match[str] | None:
    return rules.contrasted_after.match(sentence.text, sentence.values[index].end, sentence.end)


def _group_of_pair(sentence: Sentence, index: int, rules: EfficacyRules) -> str:
    place = sentence.pairs.get(index)
    if place is None:
        return ""
    first = sentence.values[index - place].start
    since = max(sentence.start, first - _SUBGROUP_REACH)
    named = [
        m
        for m in rules.contrasted_before.finditer(sentence.text, since, first)
        if m["head"] and _contrast(m["a"], m["b"], rules)
    ]
    if not named or any(named[-1].end() <= r.start < first for r in sentence.regimens):
        return ""  # a regimen named between the groups and the figures is whose figures they are
    return _group(named[-1]["a"] if place == 0 else named[-1]["b"], named[-1]["head"])


def _contrast(one: str, other: str, rules: EfficacyRules) -> bool:
    """Whether two words name opposite groups: a pair of `opposites`, alone or as the part that differs
    between two hyphenated words ("node-positive" and "node-negative"), or a word and itself negated
    ("obese" and "non-obese", "palpable" and "nonpalpable", "matched" and "unmatched")."""
    one, other = one.lower(), other.lower()
    parts, other_parts = one.split("-"), other.split("-")
    differing = [(a, b) for a, b in zip(parts, other_parts, strict=False) if a != b]
    if len(parts) == len(other_parts) and len(differing) == 1 and differing[0] in rules.contrasting:
        return True
    for word, negated in ((one, other), (other, one)):
        prefix = rules.negated_group.match(negated)
        if prefix and negated[prefix.end() :] == word:
            return True
    return False


def _title(text: str, reach: int, subgroup_title: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the document's title is (`pieces.title_span`; (0, 0) for none); None when it is the
    title of a subgroup analysis."""
    span = title_span(text, reach) or (0, 0)
    return None if subgroup_title.search(text, *span) else span


def _group(word: str, head: str) -> str:
    return " ".join(f"{word} {head}".split())
