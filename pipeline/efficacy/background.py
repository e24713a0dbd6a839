"""What a paper writes that is not its results, wherever an endpoint is named: its Methods (the
design's assumptions, definitions, how a score is weighted), the figures it cites as background
about a disease ("For patients with metastatic disease, 5 year overall survival is 2 % [4].") or
that unnamed studies report together, the survival of groups that a marker or an event defines
rather than a treatment, deaths from causes other than cancer, the rows of a flattened table of
baseline characteristics or adverse events, and the responses and deaths of a trial of supportive
care (an antiemetic's complete response, a laxative's response rate, deaths after an operation in a
trial of perioperative care)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pipeline.efficacy.candidates import Value
from pipeline.efficacy.context import Sentence
from pipeline.efficacy.regimens import Regimen
from pipeline.efficacy.rules import EfficacyRules
from pipeline.records import Entity


def in_method_section(section: str | None, rules: EfficacyRules) -> bool:
    """Whether a section heading (a path "BODY.METHODS.STATISTICAL ANALYSIS" or one heading,
    "Statistical analysis") is of the paper's methods: under a heading of methods, statistics or
    design, and under none of results or of the patients (where a cohort's events are counted)."""
    if not section:
        return False
    headings = section.split(".")
    return any(rules.method_heading.search(h) for h in headings) and not any(
        rules.not_method_heading.search(h.strip()) for h in headings
    )


def in_results_section(section: str | None, rules: EfficacyRules) -> bool:
    """Whether a section heading (a path or one heading) is of the paper's own results."""
    return bool(section) and any(rules.results_heading.search(h) for h in section.split("."))


def cited_background(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence cites a figure about a disease rather than a result of a treatment: it
    carries a reference marker and names no trial, no regimen and no study, treatment or comparison
    (a cited trial's result names at least one of them)."""
    return not sentence.trials and _names_no_regimen(sentence, rules.citation, rules.not_background)


def introduction_background(sentence: Sentence, section: str | None, rules: EfficacyRules) -> bool:
    """Whether a sentence of the paper's introduction or background may cite a figure about a
    disease ("Acute myeloid leukemia (AML) is one of the most common leukemias with a 20% 5-year
    event-free survival in adults."): the paper's own results come later, so what it gives there is
    cited, marker or not. A cited trial's result names a trial, a regimen, a study or a comparison, or
    takes the arm of the regimen its paragraph describes (which the caller keeps)."""
    if not section or not any(rules.introduction.match(h.strip()) for h in section.split(".")):
        return False
    return (
        not sentence.trials
        and not sentence.regimens
        and rules.not_introduction.search(sentence.text, sentence.start, sentence.end) is None
    )


def across_studies(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence gives what unnamed studies reported together ("Previous reports showed that
    chemical pleurodesis produces a complete response in 64% of patients", "several studies showed
    ... improved the 5-year survival from 4.1% to 11%"): the literature's figure, not one treatment's
    result, even where a treatment is named; unless it names a trial or the paper's own study ("this
    study", "we"), whose result it may be setting beside the literature's."""
    text, start, end = sentence.text, sentence.start, sentence.end
    return (
        not sentence.trials
        and rules.across_studies.search(text, start, end) is not None
        and rules.own_study.search(text, start, end) is None
    )


def cited_values(
    text: str,
    start: int,
    end: int,
    values: Sequence[Value],
    own_trials: Sequence[Entity],
    rules: EfficacyRules,
    continues_cited: bool = False,
) -> frozenset[int]:
    """The indices of the values that text[start:end] gives of another study than the paper's own: the
    study the sentence names last before the value (or, when it names none before it, first after it)
    is another's, by a reference marker ("[16]"), "Falcone et al.", "a previous study", "a recently
    published interim analysis" or "the Nordic study", rather than the paper's own ("our study",
    "we", its own trial by name). "The survival for immediately treated patients in our study was
    similar to the Nordic study, but ... worse in the Nordic study; patients receiving delayed
    treatment had shorter symptom-free survival compared to immediate treatment (2 vs 10 months" is
    the Nordic study's; "In our study, PFS was 9.1 vs 6.2 months, longer than the 5.0 months reported
    by Smith et al. [4]" gives the paper's own pair. A sentence that names no study at all goes on
    about the study its paragraph last named (`continues_cited`: "Recent reports from the Southwest
    Oncology Group indicate that ... prednisone ... affects disease-free and overall survival17.
    Specifically, disease-free survival improved from 6 months to 13 months")."""
    if not values:
        return frozenset()
    named = studies_named(text, start, end, own_trials, rules)
    if not named:
        return frozenset(range(len(values))) if continues_cited else frozenset()
    if not any(cited for _, cited in named):
        return frozenset()
    places = [at for at, _ in named]
    return frozenset(
        index for index, value in enumerate(values) if named[max(bisect_left(places, value.start) - 1, 0)][1]
    )


def studies_named(
    text: str, start: int, end: int, own_trials: Sequence[Entity], rules: EfficacyRules
) -> list[tuple[int, bool]]:
    """Where text[start:end] names a study, in order, and whether it is another's than the paper's
    own: a reference marker or another study (`another_study`), or the paper's own study or trial; or
    what it sets beside another study it names later (`compared_with_study`)."""
    cited = [(at, True) for at in _other_studies(text, start, end, rules.citation, rules.another_study)]
    own = [(m.start(), False) for m in rules.own_study.finditer(text, start, end)]
    own += [(t.char_start, False) for t in own_trials]
    # (place, another's); the paper's trial written "the X trial" is its own: its name starts after "the".
    named = sorted(own + cited)
    if named and named[0][1]:
        # "The recurrence rate was 3.8% in the Ksharasutra group, which is consistent with previous
        # reports [11]": what comes before the words that set it beside the study is the paper's own,
        # and that study is named from those words on ("..., consistent with other studies (3-12%)16").
        compared = rules.compared_with_study.search(text, start, named[0][0])
        if compared:
            named = [(start, False), (compared.start(), True), *named[1:]]
    return named


@lru_cache(maxsize=2)
def _other_studies(
    text: str, start: int, end: int, citation: re.Pattern[str], another_study: re.Pattern[str]
) -> tuple[int, ...]:
    """Where text[start:end] cites or names another study. A sentence with figures is scanned for them
    as it is read and again as the paragraph remembers it, and `another_study` is costly (about 15 s
    over the 2,231 PMC texts): once is enough."""
    return tuple(m.start() for p in (citation, another_study) for m in p.finditer(text, start, end))


def prognostic_groups(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence compares groups that a marker or a response defines, not a treatment
    ("patients with increased CD3+ infiltrate seemed to have shorter OS", "a median PFS of 18.0 months
    in the low expression subgroup versus 15.9 months", "HER2 positivity emerged as an independent
    prognostic factor"): it names no regimen and no treatment ("in the low expression subgroup,
    median PFS was 10.9 months with gefitinib" is gefitinib's result)."""
    return _groups_not_treated(
        sentence.text, sentence.start, sentence.end, sentence.regimens, rules.prognostic_groups, rules
    )


def complementary_groups(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence compares a group with its complement, or with another group, each defined
    by a characteristic or an event and not by a treatment ("patients with critical weight loss had
    lower 5-year overall survival rates than patients without critical weight loss", "in the biopsied
    and unbiopsied populations", "than those with wild-type EGFR"): its figures are the groups',
    pooled over the arms, so no arm the paragraph or the design would lend them is theirs. It names
    no regimen and no treatment, as for `prognostic_groups`."""
    return _groups_not_treated(
        sentence.text, sentence.start, sentence.end, sentence.regimens, rules.complementary_groups, rules
    )


def continued_groups(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence that follows one comparing such groups may go on comparing them without
    naming them again ("A positive biopsy was prognostic of worse bPFS ... HR = 4.81. The estimate
    for survival was HR = 1.58", "... patients presenting high expression compared with patients
    presenting low expression ... Restricting the analysis to the ER-positive group gave similar
    results (BCS hazard ratio = 0.60"): it names no trial, no regimen and no word of treatment, as
    for `prognostic_groups`, and no comparison of its own (`continued_unless`: "In that report ...
    128 deaths in the group with 1 cm excision margins compared with 105 in the group with 3 cm").
    Only its ratios are the groups' (the caller's): a rate may be a treatment's within a group."""
    return (
        not sentence.trials
        and rules.continued_unless.search(sentence.text, sentence.start, sentence.end) is None
        and _names_no_treatment(sentence.text, sentence.start, sentence.end, sentence.regimens, rules)
    )


def compares_groups(
    text: str, start: int, end: int, sentence_regimens: Sequence[Regimen], rules: EfficacyRules
) -> bool:
    """Whether text[start:end], a sentence with figures or without them ("A positive biopsy was
    prognostic of worse bPFS"), compares groups no treatment defines, as `prognostic_groups` or
    `complementary_groups` read it."""
    return any(
        _groups_not_treated(text, start, end, sentence_regimens, groups, rules)
        for groups in (rules.prognostic_groups, rules.complementary_groups)
    )


def _groups_not_treated(
    text: str,
    start: int,
    end: int,
    sentence_regimens: Sequence[Regimen],
    groups: re.Pattern[str],
    rules: EfficacyRules,
) -> bool:
    """Whether text[start:end] names `groups` and no treatment (`_names_no_treatment`)."""
    return groups.search(text, start, end) is not None and _names_no_treatment(
        text, start, end, sentence_regimens, rules
    )


def _names_no_treatment(
    text: str, start: int, end: int, sentence_regimens: Sequence[Regimen], rules: EfficacyRules
) -> bool:
    """Whether the sentence names, outside the phrases that say only that the arms were pooled, no
    regimen and no word of treatment (`not_prognostic`): "The onset of durable response prior to 12
    months in either treatment arm was associated with a 94% decrease in the risk of death" compares
    no treatment. A figure the sentence gives an arm keeps it (the caller's `named_here`)."""
    places = [m.span() for m in rules.pooled_arms.finditer(text, start, end)]

    def treats(at: int, to: int) -> bool:
        return not any(a <= at and to <= b for a, b in places)

    def measured(regimen: Regimen) -> bool:
        return bool(
            rules.analyte_before.search(text, max(start, regimen.start - _ANALYTE_REACH), regimen.start)
            or rules.analyte_after.match(text, regimen.end, min(end, regimen.end + _ANALYTE_REACH))
        )

    return not any(treats(r.start, r.end) and not measured(r) for r in sentence_regimens) and not any(
        treats(*m.span()) for m in rules.not_prognostic.finditer(text, start, end)
    )


_ANALYTE_REACH = 60  # characters around a chemical where the words of its measured level stand


def other_causes_of_death(text: str, start: int, end: int, rules: EfficacyRules) -> bool:
    """Whether a sentence counts deaths from causes other than cancer and names no cancer ("fewer
    deaths from all respiratory causes (26 [0.3%] simvastatin vs 39 [0.4%] placebo)"): a statin or
    heart trial's figure in a document that names cancer often enough, not a cancer treatment's."""
    return (
        rules.other_causes_of_death.search(text, start, end) is not None
        and rules.oncology_terms.search(text, start, end) is None
    )


def _names_no_regimen(sentence: Sentence, pattern: re.Pattern[str], unless: re.Pattern[str]) -> bool:
    """Whether the sentence names no regimen, and names `pattern` but nothing of `unless`."""
    text, start, end = sentence.text, sentence.start, sentence.end
    return (
        not sentence.regimens
        and pattern.search(text, start, end) is not None
        and unless.search(text, start, end) is None
    )


def no_result_tables(sentence: Sentence, rules: EfficacyRules) -> list[tuple[int, int]]:
    """[start, end) of each flattened table in the sentence whose caption is of no results ("Table 1
    Baseline clinical characteristics ... Male 26 (63%)", "Table 3 Adverse events ... Grade 2 2 (5%)"):
    from its caption to the next caption ("Table 2 Efficacy of treatment ...") or the sentence's end."""
    text, start, end = sentence.text, sentence.start, sentence.end
    captions = [m.end() for m in rules.table_caption.finditer(text, start, end)]
    return [
        (at, captions[i + 1] if i + 1 < len(captions) else end)
        for i, at in enumerate(captions)
        if rules.not_result_table.match(text, at)
    ]


def supportive_care_endpoints(
    text: str, pieces: Iterable[tuple[int, int]], rules: EfficacyRules
) -> frozenset[str]:
    """The endpoints a document of supportive care reports of its symptom or its care, not of a
    cancer treatment: the response family where its opening (title and aim) names a symptom ("to
    compare the antiemetic effect", "Naloxegol for Opioid-Induced Constipation"), DEATH where it
    names the care around an operation ("Patient Empowerment Improved Perioperative Quality of
    Care"). `pieces` are the document's sentences in order; only its first few are read."""
    opening: list[tuple[int, int]] = []
    for start, end in pieces:
        if len(opening) == rules.opening_sentences:
            break
        if not rules.opening_heading.match(text, start, end):
            opening.append((start, end))
    dropped: set[str] = set()
    if _names_subject(text, opening, rules.symptom_subject, rules):
        dropped |= rules.response
    if _names_subject(text, opening, rules.care_subject, rules):
        dropped.add("DEATH")
    return frozenset(dropped)


def _names_subject(
    text: str, sentences: list[tuple[int, int]], subject: re.Pattern[str], rules: EfficacyRules
) -> bool:
    """Whether a sentence names `subject` other than as a harm of a treatment ("a complete response
    in 64% of patients, with the following adverse effects: pain (23%)" is about the response)."""
    return any(
        not rules.as_harm.search(text, start, found.start())
        for start, end in sentences
        for found in subject.finditer(text, start, end)
    )
