"""Efficacy figures with attribution: each ORR / PFS / OS … value tied to trial, arm, population, endpoint.

Pure functions over a document's ingested text, its entities (drugs, trials) and its
tables. The vocabulary is data (`patterns/efficacy.json`); number, CI and p-value
parsing lives in `numbers`. A value is only emitted when its sentence (or its table
column) names an efficacy endpoint, and every value points at its own characters.

Attribution follows what a reader does:
- endpoint: the nearest endpoint phrase before the number in its sentence (else right after it);
- trial: a trial named in the sentence, else the last one named earlier in the paragraph;
- arms: "X versus Y", "... were A and B, respectively" pair values with regimens in the order
  the sentence (or the one before it) names them; a lone value takes the regimen next to it;
- population: the nearest population phrase before the number in its sentence ("patients with
  active brain metastases", "cohort 3A").

One module per stage: `rules` (the vocabulary) and `designs` (known trials' arms and cohorts) are
data; `candidates` finds a sentence's values, `cues` its endpoint phrases and `regimens` its
treatments, which `sentence` reads once into a `context.Sentence`; `endpoint`, `trial`, `arm`,
`population` and `intervals` each attribute one thing to a value from that object and the
`context.Paragraph` (`arm_chooser`, a trained second opinion on the arm, is off: see the README);
`tables` reads table rows. This module reads a document sentence by sentence.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.efficacy.arm import compared_arms
from pipeline.efficacy.background import (
    in_method_section,
    in_results_section,
    other_causes_of_death,
    studies_named,
    supportive_care_endpoints,
)
from pipeline.efficacy.candidates import has_numeral
from pipeline.efficacy.context import EntityIndex, Paragraph
from pipeline.efficacy.designs import complete_arm, complete_population, described_cohort
from pipeline.efficacy.document_design import DocumentDesign, read_design
from pipeline.efficacy.pieces import sentence_pieces
from pipeline.efficacy.population import with_whole_population
from pipeline.efficacy.regimens import Regimen, regimens
from pipeline.efficacy.rules import (
    EfficacyRules,
    about_cancer,
    efficacy_rules,
    with_defined_endpoints,
    with_defined_populations,
)
from pipeline.efficacy.sentence import read_sentence, sentence_measurements
from pipeline.efficacy.tables import flattened_columns, in_columns, table_measurements
from pipeline.efficacy.trial import (
    carried_past_own_work,
    name_of,
    names_own_trial_twice,
    own_trial_names,
    own_trials,
    pooled_trial_name,
    restated_trials,
    sentence_trials,
)
from pipeline.records import Document, Entity, Measurement

__all__ = [
    "complete_arm",
    "complete_population",
    "described_cohort",
    "extract_measurements",
    "pooled_trial_name",
]


def extract_measurements(document: Document, entities: list[Entity]) -> list[Measurement]:
    text = document.text
    if not about_cancer(text, efficacy_rules()):
        return []  # the same words report efficacy in trials of HIV or multiple sclerosis: not ours
    rules = with_whole_population(
        with_defined_endpoints(with_defined_populations(efficacy_rules(), text), text), text
    )
    table_spans = [(t.start, t.end) for t in document.tables]
    within = EntityIndex(entities)
    measurements: list[Measurement] = []
    design = _own_design(document, entities)
    own = own_trial_names(
        document.title, [e for e in entities if e.label in ("TRIAL", "REGISTRY_ID")], design
    )
    for table in document.tables:
        if not in_method_section(document.section_at(table.start), rules):
            measurements += table_measurements(document, table, within(table.start, table.end), rules, design)
    paragraph = Paragraph(own_trials=own)
    paragraph_end = -1
    pieces = sentence_pieces(text)
    for start, end in pieces:
        if any(s <= start < e for s, e in table_spans):
            continue
        if start > paragraph_end:
            # A new paragraph keeps the previous paragraph's trial (reviews name the trial, then
            # report its figures in the next paragraph), but nothing older and nothing across a heading.
            section = document.section_at(start)
            carried = paragraph.trial if paragraph.paragraph_trial and paragraph.section == section else None
            paragraph = Paragraph(trial=carried, own_trials=own, section=section, brain_scanned_to=start)
            newline = text.find("\n", start)
            paragraph_end = len(text) if newline < 0 else newline
        nearby = within(start, end)
        # The paper's own arms apply to its own trial: in a review that cites many, only where the
        # trial they were stated for is in play, or where its results name no trial.
        own_design = (
            design
            if design
            and (
                design.only_trial
                or design.trial == name_of(paragraph.trial)
                or (paragraph.trial is None and in_results_section(paragraph.section, rules))
            )
            else None
        )
        if (
            not in_method_section(paragraph.section, rules)
            and has_numeral(text, start, end)
            and rules.any_cue.search(text, start, end)
            and not rules.not_results.search(text, start, end)
            # "fewer deaths from all respiratory causes (26 [0.3%] simvastatin vs 39 [0.4%])"
            and not other_causes_of_death(text, start, end, rules)
        ):
            sentence = read_sentence(
                text, start, end, nearby, rules, own_design, paragraph.cited_study is True
            )
            measurements += sentence_measurements(document, sentence, paragraph, rules)
            trials, named = sentence.trials, sentence.regimens
        else:
            trials = tuple(sentence_trials(text, start, end, nearby, rules))
            named = tuple(regimens(text, nearby, start, end, rules))
            # Whether it compares groups no treatment defines ("A positive biopsy was prognostic of
            # worse bPFS"), which the next sentence's ratios may go on with, is read only if they need it.
            paragraph.groups_compared = False
            paragraph.unread = (start, end, named)
        named += compared_arms(text, start, end, named, own_design)
        _remember(paragraph, text, start, end, trials, named, rules, own_design)
    # An antiemetic's "complete response", a perioperative-care trial's deaths: its symptom's or care's.
    not_ours = supportive_care_endpoints(text, pieces, rules)
    measurements = in_columns(text, measurements, flattened_columns(text, entities, rules, design), rules)
    unique = {m.char_start: m for m in measurements if m.endpoint not in not_ours}
    return restated_trials(text, sorted(unique.values(), key=lambda m: m.char_start), within, rules)


def _own_design(document: Document, entities: list[Entity]) -> DocumentDesign | None:
    """The paper's own design, with the trial it is of: the trial named last before its design
    sentence, or the paper's only trial. Never from its reference list, whose titles compare the
    cited papers' regimens ("Gefitinib or carboplatin-paclitaxel in pulmonary adenocarcinoma")."""
    text = document.text
    body_end = min((r.start for r in document.references), default=len(text))
    design = read_design(text[:body_end], [e for e in entities if e.char_end <= body_end])
    if design is None:
        return None
    trials = [e for e in entities if e.label in ("TRIAL", "REGISTRY_ID")]
    names = {name_of(t) for t in trials}
    before = [t for t in trials if t.char_end <= design.start]
    trial = name_of(before[-1]) if before else (next(iter(names)) if len(names) == 1 else "")
    return replace(design, trial=trial, only_trial=len(names) <= 1 or names_own_trial_twice(trials))


def _remember(
    paragraph: Paragraph,
    text: str,
    start: int,
    end: int,
    trials: tuple[Entity, ...],
    sentence_regimens: tuple[Regimen, ...],
    rules: EfficacyRules,
    design: DocumentDesign | None,
) -> None:
    """What a sentence tells the reader about the ones that follow: which trial, regimens, cohort and
    study (the paper's own or another) are in play."""
    studies = studies_named(text, start, end, own_trials(trials, design), rules)
    if design and start <= design.start < end:
        # Its design sentence is the paper's own study, whatever name it gives it ("The Stockholm
        # trial was started in 1997 ... randomised to HRT (n=188) or no HRT (n=190)").
        studies = sorted([*studies, (design.start, False)])
    if studies:
        paragraph.cited_study = studies[-1][1]
    if sentence_regimens:
        paragraph.own_regimens = paragraph.cited_study is False
    if trials:
        paragraph.trial = trials[-1]
        paragraph.paragraph_trial = True
    after = trials[-1].char_end if trials else start
    if paragraph.trial and (
        rules.unnamed_study.search(text, after, end)
        or not carried_past_own_work(paragraph, text, after, end, end, rules)
    ):
        paragraph.trial = None  # the paragraph has moved on to a study it does not name, or to its own
    if sentence_regimens:
        paragraph.regimens = sentence_regimens
    trial = name_of(paragraph.trial)
    if trials and paragraph.cohort and paragraph.cohort[0] != trial:
        paragraph.cohort = None  # another trial: its cohorts are not the previous trial's
    cohort = described_cohort(trial, text, start, end) or next(
        (f"cohort {m['name']}" for m in rules.cohort.finditer(text, start, end)), ""
    )
    if cohort:
        paragraph.cohort = (trial, cohort)
