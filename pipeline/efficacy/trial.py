"""Which trial a figure is of: named in its sentence, carried by its paragraph, or restated elsewhere
in the document; pooled analyses named after the trials they pool."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace

from pipeline.efficacy.context import EntityIndex, Paragraph, Sentence
from pipeline.efficacy.document_design import DocumentDesign
from pipeline.efficacy.pieces import sentence_pieces
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.scan import found_before
from pipeline.records import Entity, Measurement


def restated_trials(
    text: str, measurements: list[Measurement], within: EntityIndex, rules: EfficacyRules
) -> list[Measurement]:
    """A figure whose trial the paragraph only carried ("T-DXd also demonstrated ... a 64.9% objective
    response rate", in an abstract, after a sentence on DESTINY-Breast03) is the trial's that the
    document names with the same figure elsewhere ("A pooled analysis of the DEBBRAH, TUXEDO-1, and
    DFCI/Duke/MDACC studies ... an ORR-IC of 64.9%"). Only figures two trials seldom share by chance:
    written with decimals and given for the same regimen, or a relative reduction of the same
    endpoint."""
    spans = sentence_pieces(text)
    starts = [s for s, _ in spans]

    def named_with(m: Measurement) -> bool:
        if m.source != "sentence":
            return True  # a table row names its trial
        start, end = spans[bisect_right(starts, m.char_start) - 1]
        return m.trial in {name_of(t) for t in sentence_trials(text, start, end, within(start, end), rules)}

    def figure(m: Measurement) -> tuple[str, str, str, str, str]:
        return (m.value_text, m.unit, m.endpoint, m.measure, m.arm)

    same_figure: defaultdict[tuple[str, str, str, str, str], list[Measurement]] = defaultdict(list)
    for m in measurements:
        if ("." in m.value_text and m.arm) or m.measure == "relative_reduction":
            same_figure[figure(m)].append(m)
    restated = []
    for m in measurements:
        twins = same_figure.get(figure(m), [])
        if len(twins) > 1 and m.trial and not named_with(m):
            trials = {(t.trial, t.nct_id) for t in twins if t.trial not in ("", m.trial) and named_with(t)}
            if len(trials) == 1:
                trial, nct_id = trials.pop()
                m = replace(m, trial=trial, nct_id=nct_id)
        restated.append(m)
    return restated


def sentence_trials(
    text: str, start: int, end: int, entities: list[Entity], rules: EfficacyRules
) -> list[Entity]:
    named = [
        e
        for e in entities
        if start <= e.char_start and e.char_end <= end and e.label in ("TRIAL", "REGISTRY_ID")
    ]
    return _pooled(text, start, end, named, rules)


def _pooled(text: str, start: int, end: int, trials: list[Entity], rules: EfficacyRules) -> list[Entity]:
    """ "a pooled analysis of the DEBBRAH, TUXEDO-1, and DFCI/Duke/MDACC studies": one analysis of
    several trials, named by joining theirs ("DESTINY-Breast01/02/03" when they share a stem)."""
    names = list(dict.fromkeys(name_of(t) for t in trials if t.label == "TRIAL"))
    if len(names) < 2 or not rules.pooled.search(text, start, end):
        return trials
    first, last = trials[0], trials[-1]
    pooled = Entity(
        doc_id=first.doc_id,
        label="TRIAL",
        text=text[first.char_start : last.char_end],
        canonical=pooled_trial_name(names),
        char_start=first.char_start,
        char_end=last.char_end,
        source="pooled",
    )
    return [pooled]


def pooled_trial_name(names: list[str]) -> str:
    stem = re.sub(r"\d+$", "", names[0])
    if stem != names[0] and all(name.startswith(stem) and name[len(stem) :].isdigit() for name in names):
        return stem + "/".join(name[len(stem) :] for name in names)
    return "/".join(names)


def trial_of(sentence: Sentence, index: int, paragraph: Paragraph, rules: EfficacyRules) -> Entity | None:
    """The trial of the sentence's value at `index`: the one whose brackets it opens, else named right
    after it, else before it."""
    return (
        _trial_bracketed(sentence, index)
        or _trial_after(sentence, index)
        or _trial_before(sentence, sentence.values[index].start, paragraph, rules)
    )


# Between a trial's name and the value its brackets open: "trial", "extension trial", an endpoint.
_BRACKET_AFTER_TRIAL = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s*\(\s*(?:[A-Za-z][\w-]*[,:]?\s+){0,3}")


def _trial_bracketed(sentence: Sentence, index: int) -> Entity | None:
    """ "in the AURA extension trial (9.6 months) [19] and the control arm of the IMPRESS trial (5.4
    months)": a value in brackets right after a trial's name is that trial's, whatever is named after."""
    value = sentence.values[index]
    before = [e for e in sentence.trials if e.char_end <= value.start]
    if before and _BRACKET_AFTER_TRIAL.fullmatch(sentence.text, before[-1].char_end, value.start):
        return before[-1]
    return None


def _trial_before(
    sentence: Sentence, position: int, paragraph: Paragraph, rules: EfficacyRules
) -> Entity | None:
    """The trial named last before `position` (or the paragraph's), unless a study without a name
    came in between: "... while the Bergen et al. study showed an ORR of 92.9%" is not RePer's."""
    text, sentence_start, trials = sentence.text, sentence.start, sentence.trials
    before = [e for e in trials if e.char_end <= position]
    since = before[-1].char_end if before else sentence_start
    if found_before(rules.unnamed_study, text, since, position, sentence.end):
        return None
    if before:
        return before[-1]
    if trials:
        return trials[0]
    if found_before(rules.another_study, text, sentence_start, position, sentence.end):
        return None  # "Keam et al. reported that the pCR rate ... was 17%": not the paragraph's trial
    if not carried_past_own_work(paragraph, text, sentence_start, position, sentence.end, rules):
        return None  # "The median OS in our study was 30.8 months": not the cited trial's
    return paragraph.trial


def carried_past_own_work(
    paragraph: Paragraph, text: str, start: int, position: int, end: int, rules: EfficacyRules
) -> bool:
    """Whether the paragraph's trial still holds at `position`: it is the paper's own, or the words
    of the paper's own work ("our study", "we") do not come between text[start:] and `position`."""
    trial = paragraph.trial
    return (
        trial is None
        or name_of(trial) in paragraph.own_trials
        or not found_before(rules.own_work, text, start, position, end)
    )


def _trial_after(sentence: Sentence, index: int) -> Entity | None:
    """ "... extended OS to 52.6 months in DESTINY-Breast03": a trial named right after its value."""
    text, trials, values, value = sentence.text, sentence.trials, sentence.values, sentence.values[index]
    limit = values[index + 1].start if index + 1 < len(values) else value.end + 60
    for trial in trials:
        if value.end <= trial.char_start <= min(limit, value.end + 60) and re.fullmatch(
            r"[^.;,]*?\b(?:in|from|of)\s+(?:the\s+)?(?:phase\s+\w+\s+)?", text[value.end : trial.char_start]
        ):
            return trial
    return None


def own_trial_names(title: str, trials: list[Entity], design: DocumentDesign | None) -> frozenset[str]:
    """The paper's own trials: those its title names and its design's (`own_trials`), or every one it
    names when it names its trial once by name and once by registration."""
    if names_own_trial_twice(trials):
        return frozenset(name_of(t) for t in trials)
    own = [t for t in trials if t.text in title] + own_trials(tuple(trials), design)
    return frozenset(name_of(t) for t in own)


def names_own_trial_twice(trials: list[Entity]) -> bool:
    """A paper that names one trial and gives one registration number names its own trial twice
    ("The DATA study (NCT00301457)"), whether or not the number is linked to the name."""
    named = {name_of(t) for t in trials if t.label == "TRIAL"}
    registered = {t.canonical for t in trials if t.label == "REGISTRY_ID"}
    return len(named) == 1 and len(registered) == 1


def own_trials(trials: tuple[Entity, ...], design: DocumentDesign | None) -> list[Entity]:
    """The trials among `trials` that are the paper's own: any, in a paper of one trial; else the one its
    design sentence names."""
    if design is None:
        return []
    return [t for t in trials if design.only_trial or name_of(t) == design.trial]


def name_of(trial: Entity | None) -> str:
    if trial is None:
        return ""
    return trial.canonical if trial.label == "TRIAL" else (trial.linked or trial.canonical)


def nct_of(trial: Entity | None) -> str:
    if trial is None:
        return ""
    if trial.label == "REGISTRY_ID":
        return trial.canonical if trial.canonical.startswith("NCT") else ""
    return trial.linked
