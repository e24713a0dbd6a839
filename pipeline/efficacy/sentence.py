"""The figures of one sentence: its facts read once into a `Sentence`, then every value that the
endpoint stage accepts, attributed to a trial, arm and population."""

from __future__ import annotations

import re

from pipeline.efficacy.arm import arm_of, compared_arms, compares_arms
from pipeline.efficacy.background import (
    across_studies,
    cited_background,
    cited_values,
    compares_groups,
    complementary_groups,
    continued_groups,
    introduction_background,
    no_result_tables,
    prognostic_groups,
)
from pipeline.efficacy.candidates import find_values, paired_values, respective_positions, value_series
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.cues import Cue, endpoint_cues
from pipeline.efficacy.document_design import DocumentDesign
from pipeline.efficacy.endpoint import EndpointLists, endpoint_lists, endpoint_of
from pipeline.efficacy.intervals import interval_of, p_value_of
from pipeline.efficacy.population import contrasted_group, mentions_brain_metastases, population_of
from pipeline.efficacy.regimens import Regimen, regimens
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.scan import found_before
from pipeline.efficacy.timepoint import timepoint_of
from pipeline.efficacy.trial import name_of, nct_of, own_trials, sentence_trials, trial_of
from pipeline.numbers import parse_number
from pipeline.records import Document, Entity, Measurement

_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def read_sentence(
    text: str,
    start: int,
    end: int,
    entities: list[Entity],
    rules: EfficacyRules,
    design: DocumentDesign | None = None,
    continues_cited: bool = False,
) -> Sentence:
    """The facts of text[start:end] that the stages of attribution share; `design`, the paper's own
    arms, when the sentence may be about its trial; `continues_cited`, when the study its paragraph
    last named is another's."""
    trials = tuple(sentence_trials(text, start, end, entities, rules))
    if design and not design.only_trial and any(name_of(t) != design.trial for t in trials):
        design = None  # the sentence is about another trial
    values = tuple(find_values(text, start, end, rules))
    # The values it gives of another study: the design names their regimens as the paper does
    # ("ELF"), but neither it nor the paragraph's regimens lend them an arm (`arm.arm_of`).
    cited = cited_values(text, start, end, values, own_trials(trials, design), rules, continues_cited)
    cues = tuple(endpoint_cues(text, start, end, rules))
    sentence_regimens = regimens(text, entities, start, end, rules, design=design)
    pairs: dict[int, int] = {}
    listed: dict[int, int] = {}
    lists: EndpointLists | None = None
    series: dict[int, tuple[int, int]] = {}
    analysis = ""
    if values:
        series = value_series(text, values)
        # "22, 16 and 8 months": a series' last two values are not a pair of their own.
        pairs = {i: place for i, place in paired_values(text, values).items() if i not in series}
        respectively = _RESPECTIVELY.search(text, start, end)
        if respectively:
            listed = respective_positions(text, values, pairs, respectively.start())
        lists = endpoint_lists(text, start, cues, values, respectively is not None)
        if listed and lists and lists.by_pair:
            # "OS and EFS ... (Ax vs. no-Ax: 98% vs. 94% and 96% vs. 90% respectively)": each pair is
            # one endpoint's, and the "respectively" gives the arms their places in every pair.
            listed = {
                i: pairs[i] if i in lists.by_pair and i in pairs else place for i, place in listed.items()
            }
        if listed and len({r.canonical for r in sentence_regimens}) < max(listed.values()) + 1:
            # "paclitaxel, docetaxel and nab-paclitaxel ... 23, 19.6, and 18 months, respectively": one
            # regimen per value, so the "and" lists regimens rather than joining drugs.
            sentence_regimens = regimens(text, entities, start, end, rules, and_joins=False, design=design)
        analysis = next((name for pattern, name in rules.analyses if pattern.search(text, start, end)), "")
    if len({r.canonical for r in sentence_regimens}) == 1:
        # "improvement in ORR for the osimertinib group compared with the platinum-based doublet
        # chemotherapy group (ORR: 67.4 vs. 33.3%)": the arm named without drugs that a sentence of one
        # regimen compares it with is the other arm its figures are placed among.
        compared = compared_arms(text, start, end, tuple(sentence_regimens), design)
        sentence_regimens = sorted([*sentence_regimens, *compared], key=lambda r: r.start)
    return Sentence(
        text=text,
        start=start,
        end=end,
        values=values,
        cues=cues,
        regimens=tuple(sentence_regimens),
        trials=trials,
        pairs=pairs,
        listed=listed,
        listed_endpoints=lists.endpoints if lists else None,
        listed_by_pair=lists.by_pair if lists else frozenset(),
        analysis=analysis,
        design=design,
        cited=cited,
        series=series,
    )


def sentence_measurements(
    document: Document, sentence: Sentence, paragraph: Paragraph, rules: EfficacyRules
) -> list[Measurement]:
    text, start, end = sentence.text, sentence.start, sentence.end
    if not paragraph.brain_metastases and paragraph.brain_scanned_to < end:
        paragraph.brain_metastases = mentions_brain_metastases(text, paragraph.brain_scanned_to, end, rules)
        paragraph.brain_scanned_to = end
    if across_studies(sentence, rules):
        paragraph.groups_compared, paragraph.unread = False, None
        return []  # "several studies showed ... improved the 5-year survival from 4.1% to 11%"
    found: list[Measurement] = []
    background = cited_background(sentence, rules) or introduction_background(
        sentence, paragraph.section, rules
    )
    prognostic = prognostic_groups(sentence, rules)
    complementary = complementary_groups(sentence, rules)
    # Whether its ratios go on with the groups the sentence before compared: read at its first ratio.
    continued: bool | None = None
    tables = no_result_tables(sentence, rules)
    for index, value in enumerate(sentence.values):
        if any(s <= value.start < e for s, e in tables):
            continue  # "Table 3 Adverse events regarding CTCAE-3 ... Diarrhoea Grade 1 1 (2%) 4 (8%)"
        figure = endpoint_of(sentence, index, paragraph, rules)
        if figure is None:
            continue
        cue, endpoint, measure = figure
        # (searched once per endpoint phrase, not from it to each of many values after it)
        if cue.end <= value.start and found_before(
            rules.safety_between, text, max(cue.end, start), value.start, end
        ):
            continue  # "a complete response in 64% ... adverse effects: pain (23%) and fever (19%)"
        if _another_items_value(sentence, index, cue, rules):
            continue  # "disease progression (n = 40 [7.9%]), pneumonia (n = 10 [2.0%])"
        trial = trial_of(sentence, index, paragraph, rules)
        trial_name = name_of(trial)
        # A ratio, a difference or a reduction compares the arms and belongs to none of them.
        arm: Regimen | None = None
        arm_name = ""
        if not compares_arms(measure):
            arm, arm_name = arm_of(sentence, index, trial_name, paragraph)
        if background and not trial_name and not arm_name:
            continue  # "For patients with metastatic disease, 5 year overall survival is 2 % [4]."
        named_here = arm is not None and sentence.start <= arm.start < arm.end <= sentence.end
        group = contrasted_group(sentence, index, rules)
        if group and not named_here:
            # "87.5% for non-obese and 82.9% for obese patients": the groups are pooled over the arms,
            # so the order of the arms the design or the paragraph would lend the pair is not theirs.
            arm, arm_name = None, ""
        if (complementary or (prognostic and not named_here)) and endpoint not in rules.response:
            # "patients with increased CD3+ infiltrate seemed to have shorter OS: ... 7.8 months". A
            # response rate within a marker's group may be a one-arm trial's result in a subgroup.
            # The groups' figures are pooled over the arms: an arm the paragraph or the design would
            # lend them is not theirs, and a group set against its complement ("patients without
            # critical weight loss") has none even when the sentence names one.
            continue
        if compares_arms(measure) and endpoint not in rules.response:
            if continued is None:
                continued = _continues_groups(sentence, paragraph, rules)
            if continued:
                continue  # "... than negative biopsies, HR = 4.81. The estimate for survival was HR = 1.58"
        ci = interval_of(sentence, index)
        found.append(
            Measurement(
                doc_id=document.doc_id,
                trial=trial_name,
                nct_id=nct_of(trial),
                endpoint=endpoint,
                cns=cue.cns,
                measure=measure,
                arm=arm_name,
                arm_text=arm.text if arm else "",
                population=group
                or population_of(sentence, index, endpoint, cue.cns, trial_name, paragraph, rules),
                value=parse_number(value.text),
                unit=value.unit,
                ci_low=ci.low if ci else None,
                ci_high=ci.high if ci else None,
                ci_level=ci.level if ci else None,
                p_value=p_value_of(sentence, index),
                n=value.n,
                evidence=text[start:end],
                char_start=value.start,
                char_end=value.end,
                page=document.page_at(value.start),
                section=document.section_at(value.start) or "",
                analysis=sentence.analysis,
                value_text=value.text,
                source="sentence",
                timepoint=timepoint_of(sentence, index, cue, rules) if measure == "landmark_rate" else "",
            )
        )
    paragraph.groups_compared = prognostic or complementary or bool(continued)
    paragraph.unread = None
    if found:
        last = found[-1]
        paragraph.last_figure = (Cue(last.char_start, last.char_start, last.endpoint, last.cns), last.unit)
        paragraph.last_arms = tuple(dict.fromkeys(m.arm for m in found if m.arm))
    return found


# How far before its value another item's label and brackets may start: "), and less
# pericyte-covered blood vessels (" is a few words; a bounded look-back keeps the search linear.
_ITEM_REACH = 120


def _another_items_value(sentence: Sentence, index: int, cue: Cue, rules: EfficacyRules) -> bool:
    """Whether the value at `index`, after its endpoint phrase `cue`, is in the brackets of another
    item of a list than the endpoint's ("the most frequently reported were disease progression
    (n = 40 [7.9%]), pneumonia (n = 10 [2.0%])": the 2.0% is pneumonia's), as a pair's second value
    is where its first is ("less pericyte-covered blood vessels (64% vs 77%"); and that item is no
    regimen the sentence names ("OS was 16 months (95% CI 14-18), FOLFIRI (14 months)" is still OS)."""
    at = sentence.values[index - sentence.pairs.get(index, 0)].start
    if cue.end > at:
        return False
    item = rules.other_item_between.search(sentence.text, max(cue.end, at - _ITEM_REACH), at)
    return item is not None and not any(item.start() <= r.start < at for r in sentence.regimens)


def _continues_groups(sentence: Sentence, paragraph: Paragraph, rules: EfficacyRules) -> bool:
    """Whether the sentence's ratios are those of the groups its paragraph's last sentence compared
    (`continued_groups`); that sentence, if it was not read for figures, is read for groups now."""
    before = paragraph.unread
    if not (paragraph.groups_compared or before) or not continued_groups(sentence, rules):
        return False
    return paragraph.groups_compared or (
        before is not None and compares_groups(sentence.text, *before, rules)
    )
