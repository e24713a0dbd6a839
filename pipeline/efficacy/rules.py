"""The efficacy vocabulary: `patterns/efficacy.json` compiled once, plus what a document defines."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.lowered import lowered
from pipeline.numbers import AFTER_NUMBER_WORD
from pipeline.resources import load_json

# Where a best-response abbreviation ("CR", "PRs") ends its item: "six CR and 22 PR were recorded",
# "one PR per RECIST", "three SD were achieved", "Eleven had CR and two PR." -- not "two SDs from the
# mean", "Ten PD patients", "one CR class", "3 SD (standard deviations)", "99 SD (cases)".
RESPONSE_ITEM_ENDS = r"(?:\s*[,;:.)]|\s+(?:and|or|in|were|was|per)\b)"
# The placeholders of the endpoint patterns: right after a count ("5 PR"; in words, or after a
# percentage, only where the abbreviation ends its item: "six CR and 22 PR", "71% with 15% CR,", not
# "87.6% SD E 47.0"), and right after a verb of outcome ("showed PD", "achieved a CR").
_PLACEHOLDERS = {
    "{after_count}": rf"(?:(?<=\d )|(?:{AFTER_NUMBER_WORD}|(?<=% ))(?=[A-Za-z]{{2}}s?{RESPONSE_ITEM_ENDS}))",
    "{after_outcome_verb}": "(?:"
    + "|".join(
        f"(?<={verb} {article})"
        for verb in ("showed", "exhibited", "experienced", "achieved", "attained", "had")
        for article in ("", "a ", "an ")
    )
    + ")",
}


def _expanded(pattern: str) -> str:
    for placeholder, expansion in _PLACEHOLDERS.items():
        pattern = pattern.replace(placeholder, expansion)
    return pattern


@dataclass(frozen=True)
class EfficacyRules:
    # (phrase, endpoint, cns, a sentence naming this is not about that endpoint's efficacy, the phrase
    # names a state of the patients: "were alive")
    endpoints: tuple[tuple[re.Pattern[str], str, bool, re.Pattern[str] | None, bool], ...]
    case_sensitive: frozenset[str]  # abbreviations that count only as written ("OS", never "os")
    ratios: tuple[tuple[re.Pattern[str], str], ...]
    ratio_endpoints: dict[tuple[str, str], str]  # (measure, event): the endpoint its ratio is of
    ratio_of: re.Pattern[str]  # "hazard ratio for OS was ": what the ratio is of, before its number
    landmark: re.Pattern[str]
    landmark_before: re.Pattern[str]  # "5-year ", "1-, 3-, and 5-year cumulative incidence of "
    landmark_between: re.Pattern[str]  # "OS (3-year rate of ": a time point between endpoint and value
    landmark_lead: re.Pattern[str]  # "At 10 years, ...": a time point that opens a sentence
    landmark_after: re.Pattern[str]  # "62.5% at 2 years": a time point right after the value
    landmark_time: re.Pattern[str]  # in a landmark phrase, each amount ("5", "five") and unit ("year")
    survival: frozenset[str]
    response: frozenset[str]
    incidence: frozenset[str]  # events counted among all of an arm's patients: rates only
    populations: tuple[tuple[re.Pattern[str], str], ...]
    intracranial_populations: re.Pattern[str]  # any population defined by disease in the brain
    cohort: re.Pattern[str]
    subgroup: re.Pattern[str]  # "in those patients naive to prior tamoxifen therapy": group `name`
    subgroup_not_after: re.Pattern[str]  # "a phase III trial in Japanese patients": whom it enrolled
    subgroup_opening: re.Pattern[str]  # "Among patients with basal BC, ...": a sentence's own subgroup
    whole_population: re.Pattern[str]  # "the overall population": no subgroup
    # a subgroup's trait the title or a sentence of whom the trial took names is the whole population
    enrolled_sentence: re.Pattern[str]
    trait_ignored: frozenset[str]  # words of a subgroup's name that are no part of its trait
    title_reach: int
    subgroup_title: re.Pattern[str]  # a subgroup analysis's title: the trait it names is a subgroup's
    # two groups set against each other, named before their figures ("for palpable than nonpalpable
    # tumors") or each right after its figure ("87.5% for non-obese"): words `a`, `b`, noun `head`
    contrasted_before: re.Pattern[str]
    contrasted_after: re.Pattern[str]
    contrasting: frozenset[tuple[str, str]]  # pairs of words that name opposite groups, both orders
    negated_group: re.Pattern[str]  # "non-obese" is the group that is not "obese"
    analyses: tuple[tuple[re.Pattern[str], str], ...]
    arm_labels: tuple[tuple[re.Pattern[str], str, bool], ...]  # (pattern, label, joins drugs into a regimen)
    pooled: re.Pattern[str]  # a pooled analysis of several trials
    unnamed_study: re.Pattern[str]  # "a meta-analysis of 8 studies", "the Bergen et al. study"
    difference: re.Pattern[str]  # "a benefit of 16.3 months", "extended median OS by 9.1 months"
    relative_reduction: re.Pattern[str]  # "reduced intracranial progression or death by 68%"
    reduction_after: re.Pattern[str]  # "a 14% reduction in the risk of relapse": what follows the value
    change_after: re.Pattern[str]  # "a 61% increase in median TTP": a gain of one arm over the other
    reduction_words: tuple[tuple[re.Pattern[str], str], ...]  # "death" -> OS, after `reduction_after`
    oncology_terms: re.Pattern[str]  # what makes a document one about cancer
    oncology_chars_per_mention: int
    intracranial_context: re.Pattern[str]  # "its intracranial activity": the responses named after it
    # Any endpoint phrase (as endpoint_cues reads them), landmark or relative reduction: most
    # sentences have none and are skipped before the per-pattern pass, since without one a sentence
    # yields no figure.
    any_cue: re.Pattern[str]
    not_results: re.Pattern[str]
    not_figures: tuple[re.Pattern[str], ...]  # numbers that are not results wherever they stand
    safety_between: re.Pattern[str]  # between an endpoint and a value: the value is a safety figure
    other_item_between: re.Pattern[str]  # "PD (n = 40 [7.9%]), pneumonia (n = 10 [": another item's value
    citation: re.Pattern[str]  # a reference marker: "[4]", "(Smith et al, 2000)", "100%.2 Because"
    not_background: re.Pattern[str]  # what a cited result names: a study, a treatment, a comparison
    introduction: re.Pattern[str]  # a heading of the introduction: its figures are cited ...
    not_introduction: re.Pattern[str]  # ... and the disease's, unless it names a study or a comparison
    across_studies: re.Pattern[str]  # "Previous reports showed": unnamed studies' figure ...
    own_study: re.Pattern[str]  # ... unless the sentence names the paper's own: "this study", "we"
    own_work: re.Pattern[str]  # "our study", "we": only the paper's own work (not "this study")
    another_study: re.Pattern[str]  # "Falcone et al.", "a previous study", "the Nordic study"
    compared_with_study: re.Pattern[str]  # "consistent with": the own figures set beside another study
    prognostic_groups: re.Pattern[str]  # groups defined by a marker or response status, not by treatment
    not_prognostic: re.Pattern[str]  # ... unless the sentence names a treatment
    pooled_arms: re.Pattern[str]  # "in either treatment arm": where the groups were compared, not what
    # a chemical named as a measured level ("serum leptin", "C-peptide (...) levels"): no treatment
    analyte_before: re.Pattern[str]
    analyte_after: re.Pattern[str]
    # The groups of the sentence before go on (their ratios dropped) unless a sentence compares its own.
    continued_unless: re.Pattern[str]
    complementary_groups: re.Pattern[str]  # "with X ... without X", "biopsied and unbiopsied"
    other_causes_of_death: re.Pattern[str]  # "deaths from vascular causes": not cancer's, where it names none
    opening_sentences: int  # how many sentences, headings aside, open a document: its title and aim
    opening_heading: re.Pattern[str]  # "ABSTRACT.PURPOSE:": a heading, not a sentence of the opening
    symptom_subject: re.Pattern[str]  # an opening that names a symptom: its responses are the symptom's
    care_subject: re.Pattern[str]  # an opening that names the care around an operation: its deaths too
    as_harm: re.Pattern[str]  # "Adverse events were fatigue and pain": a subject named as a harm is none
    table_caption: re.Pattern[str]  # "Table 3 ": a caption in running text (a flattened table) ...
    not_result_table: re.Pattern[str]  # ... whose title, right after it, is of no results: "Adverse events"
    table_block: re.Pattern[str]  # a caption that starts a block of text: a flattened table ...
    table_block_end: re.Pattern[str]  # ... running to the gap before the next block
    group_size: re.Pattern[str]  # "(n = 41)": a header names a column's group with its size
    total_column: re.Pattern[str]  # "Total", "All patients": the column of the whole population
    p_column: re.Pattern[str]  # "p", "P value": after the groups, the column of p-values
    count_label: re.Pattern[str]  # "CR (cases)", "n (%)": a row or column of counts of patients
    # "Hazard ratio (95% CI)": after the groups, a column of each row's ratio (measure), maybe with its CI
    ratio_columns: tuple[tuple[re.Pattern[str], str], ...]
    interval_column: re.Pattern[str]  # "95% CI": after a ratio's column, the column of its intervals
    figure_label: re.Pattern[str]  # "Median, months": a row label of a figure of the endpoint above it
    method_heading: re.Pattern[str]  # a section of the paper's methods ...
    not_method_heading: re.Pattern[str]  # ... unless it is (or is under) one of results or patients
    results_heading: re.Pattern[str]  # a section of the paper's own results
    treated_after_count: re.Pattern[str]  # "9 sorafenib-treated patients": the count's arm, named after it
    # One document's: its title and its sentences of whom its trial took (population.with_whole_population)
    whole_population_words: str = ""


def about_cancer(text: str, rules: EfficacyRules) -> bool:
    """Whether a document is about cancer at all: it names cancer once per so many characters,
    however long it is. A long article on arthritis or heart disease names cancer a few times too
    (a malignancy among its adverse events, cancer incidence as a secondary outcome)."""
    needed = 1 + len(text) // rules.oncology_chars_per_mention
    matches = rules.oncology_terms.finditer(text)
    lower_case = _case_sensitive(rules.oncology_terms)
    if lower_case and (lower_text := lowered(text)) is not None:
        # Every document is read, and a case-insensitive search is slow: its lower-case pattern over
        # the lower-cased text finds as many terms (2.8 s -> 1.3 s over the 2,231 PMC texts).
        matches = lower_case.finditer(lower_text)
    return sum(1 for _ in itertools.islice(matches, needed)) >= needed


@cache
def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern written in lower case, as a case-sensitive one for lower-cased text
    (None when it has capitals, "\\W" or "\\S" would not stay what they are, or parts that heed case)."""
    if pattern.pattern != pattern.pattern.lower() or "(?-i" in pattern.pattern:
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# A header cell's footnote marks: "Hazard ratio a", "HR*", "95% CI†"
# Possessive, as every space around it: a cell of thousands of spaces or marks costs its length once.
_FOOTNOTE = r"(?:[*†‡§]|\b[a-e]\b)*+"


@cache
def efficacy_rules() -> EfficacyRules:
    data = load_json(
        "efficacy.json",
        frozenset(
            {
                "endpoints",
                "case_sensitive_abbreviations",
                "ratios",
                "ratio_of",
                "landmark",
                "landmark_before",
                "landmark_between",
                "landmark_lead",
                "landmark_after",
                "landmark_time",
                "survival_endpoints",
                "response_endpoints",
                "incidence_endpoints",
                "populations",
                "cohort",
                "subgroups",
                "analyses",
                "arm_labels",
                "unnamed_study",
                "difference",
                "relative_reduction",
                "reduction_after",
                "change_after",
                "reduction_words",
                "oncology_document",
                "intracranial_context",
                "not_results",
                "not_figures",
                "safety_between",
                "other_item_between",
                "cited_background",
                "prognostic_groups",
                "complementary_groups",
                "other_causes_of_death",
                "supportive_care",
                "table_captions",
                "method_sections",
                "arm_after_count",
            }
        ),
    )
    interval = data["table_captions"]["interval_column"]
    analyses = tuple(
        (re.compile(rf"\b(?:{a['pattern']})\b", re.IGNORECASE), a["analysis"]) for a in data["analyses"]
    )
    # an entry's own veto, or that of the entry it names (`unless_sentence_of`)
    endpoints = data["endpoints"]
    vetoes = {e["endpoint"]: e["unless_sentence"] for e in endpoints if "unless_sentence" in e}
    veto = [e.get("unless_sentence") or vetoes.get(e.get("unless_sentence_of", "")) for e in endpoints]
    return EfficacyRules(
        endpoints=tuple(
            (
                # Every phrase starts with a letter: the lookahead passes over digits and spaces at once.
                re.compile(
                    rf"(?=[A-Za-z])(?<![A-Za-z])(?:{_expanded(e['pattern'])})(?![A-Za-z])", re.IGNORECASE
                ),
                e["endpoint"],
                e["cns"],
                re.compile(unless, re.IGNORECASE) if unless else None,
                e.get("status", False),
            )
            for e, unless in zip(endpoints, veto, strict=True)
        ),
        case_sensitive=frozenset(data["case_sensitive_abbreviations"]),
        ratio_of=re.compile(data["ratio_of"], re.IGNORECASE),
        ratios=tuple(
            (re.compile(rf"(?<![A-Za-z])(?:{r['pattern']})(?![A-Za-z])"), r["measure"])
            for r in data["ratios"]
        ),
        ratio_endpoints={
            (r["measure"], event): endpoint
            for r in data["ratios"]
            for event, endpoint in r.get("of_events", {}).items()
        },
        landmark=re.compile(data["landmark"], re.IGNORECASE),
        landmark_before=re.compile(data["landmark_before"], re.IGNORECASE),
        landmark_between=re.compile(data["landmark_between"], re.IGNORECASE),
        landmark_lead=re.compile(data["landmark_lead"], re.IGNORECASE),
        landmark_after=re.compile(data["landmark_after"], re.IGNORECASE),
        landmark_time=re.compile(data["landmark_time"], re.IGNORECASE),
        survival=frozenset(data["survival_endpoints"]),
        response=frozenset(data["response_endpoints"]),
        incidence=frozenset(data["incidence_endpoints"]),
        populations=tuple(
            (re.compile(p["pattern"], re.IGNORECASE), p["population"]) for p in data["populations"]
        ),
        intracranial_populations=re.compile(
            "|".join(f"(?:{p['pattern']})" for p in data["populations"] if p["intracranial"]), re.IGNORECASE
        ),
        cohort=re.compile(data["cohort"]),
        subgroup=re.compile(data["subgroups"]["pattern"], re.IGNORECASE),
        subgroup_not_after=re.compile(data["subgroups"]["not_after"], re.IGNORECASE),
        subgroup_opening=re.compile(data["subgroups"]["opening"]),
        whole_population=re.compile(data["subgroups"]["whole"], re.IGNORECASE),
        enrolled_sentence=re.compile(data["subgroups"]["enrolled"]["sentence"], re.IGNORECASE),
        trait_ignored=frozenset(w.lower() for w in data["subgroups"]["enrolled"]["ignored"]),
        title_reach=data["subgroups"]["enrolled"]["title_reach"],
        subgroup_title=re.compile(data["subgroups"]["enrolled"]["subgroup_title"], re.IGNORECASE),
        contrasted_before=re.compile(data["subgroups"]["contrasted"]["before"], re.IGNORECASE),
        contrasted_after=re.compile(data["subgroups"]["contrasted"]["after"], re.IGNORECASE),
        contrasting=frozenset(
            pair
            for a, b in data["subgroups"]["contrasted"]["opposites"]
            for pair in ((a.lower(), b.lower()), (b.lower(), a.lower()))
        ),
        negated_group=re.compile(data["subgroups"]["contrasted"]["negated"], re.IGNORECASE),
        analyses=analyses,
        arm_labels=tuple(
            (re.compile(a["pattern"], re.IGNORECASE), a["label"], a["joins"]) for a in data["arm_labels"]
        ),
        pooled=next(pattern for pattern, name in analyses if name == "pooled"),
        unnamed_study=re.compile(data["unnamed_study"], re.IGNORECASE),
        difference=re.compile(data["difference"], re.IGNORECASE),
        relative_reduction=re.compile(data["relative_reduction"], re.IGNORECASE),
        reduction_after=re.compile(data["reduction_after"], re.IGNORECASE),
        change_after=re.compile(data["change_after"], re.IGNORECASE),
        oncology_terms=re.compile(data["oncology_document"]["pattern"], re.IGNORECASE),
        oncology_chars_per_mention=data["oncology_document"]["chars_per_mention"],
        reduction_words=tuple(
            (re.compile(rf"{word}\b", re.IGNORECASE), endpoint)
            for word, endpoint in data["reduction_words"].items()
        ),
        intracranial_context=re.compile(data["intracranial_context"], re.IGNORECASE),
        # Every phrase starts with a letter: the lookahead passes over digits and spaces at once.
        not_results=re.compile(f"(?=[A-Za-z])(?:{'|'.join(data['not_results'])})", re.IGNORECASE),
        not_figures=tuple(re.compile(pattern) for pattern in data["not_figures"]),
        safety_between=re.compile(data["safety_between"], re.IGNORECASE),
        other_item_between=re.compile(data["other_item_between"], re.IGNORECASE),
        citation=re.compile(data["cited_background"]["citation"]),
        not_background=re.compile(data["cited_background"]["unless"], re.IGNORECASE),
        introduction=re.compile(data["cited_background"]["introduction"], re.IGNORECASE),
        not_introduction=re.compile(data["cited_background"]["introduction_unless"], re.IGNORECASE),
        across_studies=re.compile(data["cited_background"]["across_studies"], re.IGNORECASE),
        own_study=re.compile(data["cited_background"]["own_study"], re.IGNORECASE),
        own_work=re.compile(data["cited_background"]["own_work"], re.IGNORECASE),
        another_study=re.compile(data["cited_background"]["another_study"]),
        compared_with_study=re.compile(data["cited_background"]["compared_with_study"], re.IGNORECASE),
        prognostic_groups=re.compile(data["prognostic_groups"]["pattern"], re.IGNORECASE),
        not_prognostic=re.compile(data["prognostic_groups"]["unless"], re.IGNORECASE),
        pooled_arms=re.compile(data["prognostic_groups"]["pooled_arms"], re.IGNORECASE),
        analyte_before=re.compile(data["prognostic_groups"]["analyte"]["before"], re.IGNORECASE),
        analyte_after=re.compile(data["prognostic_groups"]["analyte"]["after"], re.IGNORECASE),
        continued_unless=re.compile(data["prognostic_groups"]["continued_unless"], re.IGNORECASE),
        complementary_groups=re.compile(data["complementary_groups"]["pattern"], re.IGNORECASE),
        other_causes_of_death=re.compile(data["other_causes_of_death"]["pattern"], re.IGNORECASE),
        opening_sentences=data["supportive_care"]["opening_sentences"],
        opening_heading=re.compile(data["supportive_care"]["heading"]),
        symptom_subject=re.compile(data["supportive_care"]["symptom_subject"], re.IGNORECASE),
        care_subject=re.compile(data["supportive_care"]["care_subject"], re.IGNORECASE),
        as_harm=re.compile(data["supportive_care"]["as_harm"], re.IGNORECASE),
        table_caption=re.compile(data["table_captions"]["caption"]),
        not_result_table=re.compile(data["table_captions"]["not_results"]),
        table_block=re.compile(data["table_captions"]["block"], re.MULTILINE),
        table_block_end=re.compile(data["table_captions"]["block_end"]),
        group_size=re.compile(data["table_captions"]["group_size"]),
        total_column=re.compile(data["table_captions"]["total_column"]),
        p_column=re.compile(data["table_captions"]["p_column"]),
        count_label=re.compile(data["table_captions"]["count_label"], re.IGNORECASE),
        ratio_columns=tuple(
            (
                re.compile(
                    rf"\s*+(?:{r['pattern']})\s*+{_FOOTNOTE}(?:[,(\[]?+\s*+(?:{interval})\s*+[)\]]?+)?+\s*+{_FOOTNOTE}",
                    re.IGNORECASE,
                ),
                r["measure"],
            )
            for r in data["table_captions"]["ratio_columns"]
        ),
        figure_label=re.compile(data["table_captions"]["figure_label"], re.IGNORECASE),
        interval_column=re.compile(
            rf"\s*+[(\[]?+\s*+(?:{interval})\s*+[)\]]?+\s*+{_FOOTNOTE}", re.IGNORECASE
        ),
        method_heading=re.compile(data["method_sections"]["heading"], re.IGNORECASE),
        not_method_heading=re.compile(
            f"{data['method_sections']['results']}|{data['method_sections']['unless']}", re.IGNORECASE
        ),
        results_heading=re.compile(data["method_sections"]["results"], re.IGNORECASE),
        treated_after_count=re.compile(data["arm_after_count"]["treated"], re.IGNORECASE),
        # Bounded by letters like the endpoints themselves: unbounded, "OS" and "HR" matched inside
        # "dose" or "three", so nearly every sentence went through the per-pattern pass. Each part
        # starts with a lookahead for the character its matches start with (a letter, or a digit for
        # a landmark's amount): the same matches, but at a digit, a space or a bracket the search
        # moves on at once instead of trying some 150 endpoint alternatives (7 ms per 4,000
        # characters of a run of numbers, 0.1-0.9 ms with it).
        any_cue=re.compile(
            rf"(?<![A-Za-z])(?=[A-Za-z])(?:{_expanded('|'.join(e['pattern'] for e in data['endpoints']))})"
            r"(?![A-Za-z])"
            rf"|(?=[A-Za-z0-9])(?:{data['landmark']})"
            rf"|(?=[A-Za-z])(?:{_unnamed_groups(data['relative_reduction'].removesuffix('$'))})",
            re.IGNORECASE,
        ),
    )


def with_defined_populations(rules: EfficacyRules, text: str) -> EfficacyRules:
    """The rules plus the abbreviations a document defines for a population: after "Leptomeningeal
    carcinomatosis (LC)", "the LC cohort" is the leptomeningeal-disease cohort."""
    defined: dict[str, str] = {}
    for abbreviation in _DEFINED_ABBREVIATION.finditer(text):
        for pattern, name in rules.populations:
            if _named_before(pattern, text, abbreviation.start()):
                defined.setdefault(abbreviation["abbreviation"], name)
                break
    if not defined:
        return rules
    return replace(
        rules,
        populations=rules.populations
        + tuple(
            (re.compile(rf"\b{re.escape(abbreviation)}\b"), name) for abbreviation, name in defined.items()
        ),
    )


def with_defined_endpoints(rules: EfficacyRules, text: str) -> EfficacyRules:
    """The rules plus the endpoint abbreviations a document defines: after "endoscopic complete
    response (CR)" or "median survival time (MST)", a bare "CR" or "MST" is that endpoint, as
    written, wherever it stands ("CR was observed in 20 patients", "the CR rate"). Without the
    definition, "CR" counts only where the rules' own context makes it a response ("6 CR")."""
    defined: dict[str, tuple[str, bool]] = {}
    for abbreviation in _DEFINED_ABBREVIATION.finditer(text):
        word = abbreviation["abbreviation"]
        if word in defined or any(pattern.fullmatch(word) for pattern, *_ in rules.endpoints):
            continue  # the rules read it already
        for pattern, endpoint, cns, _, _ in rules.endpoints:
            named = _named_before(pattern, text, abbreviation.start())
            if named and _stands_for(word, named.group()):
                defined[word] = (endpoint, cns)
                break
    if not defined:
        return rules
    return replace(
        rules,
        endpoints=rules.endpoints
        + tuple(
            (_alone(re.escape(word)), endpoint, cns, None, False) for word, (endpoint, cns) in defined.items()
        ),
        any_cue=re.compile(
            rf"{rules.any_cue.pattern}|{_alone('|'.join(re.escape(word) for word in defined)).pattern}",
            rules.any_cue.flags,
        ),
    )


def _named_before(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    """The phrase of `pattern` that ends right where an abbreviation in brackets starts, at `at`
    (the long form it abbreviates, within the 60 characters before)."""
    return next((m for m in pattern.finditer(text, max(0, at - 60), at) if m.end() == at), None)


def _stands_for(abbreviation: str, phrase: str) -> bool:
    """Whether the endpoint phrase can be the abbreviation's long form: its first letter, then each
    letter in order ("complete response" CR, "median survival time" MST). "Treatment-related
    mortality (TRM)" is no "mortality", and the "risk of recurrence (ROR)" score no "recurrence"."""
    letters = abbreviation.removesuffix("s").lower()
    phrase = phrase.lower()
    at = 0
    for letter in letters:
        at = phrase.find(letter, at) + 1
        if at == 0:
            return False
    return phrase.startswith(letters[0])


def _alone(words: str) -> re.Pattern[str]:
    """A defined abbreviation as written, standing alone: not "ER/PR", "PR-positive" or "CRi"; not
    its own definition "(CR)", which would take the figure before it ("59.2% (14.1% CR)"); and not one
    of a run of abbreviations: a table's column headers ("Number of patients CR PR SD PD") or markers
    ("ER, PR, HER2 positive", where PR is the progesterone receptor)."""
    return re.compile(
        # case-sensitive throughout, also inside `any_cue`, which ignores case
        rf"(?-i:(?<![A-Za-z/-])(?<![A-Z]{{2}} )(?<![A-Z]{{2}}, )(?:(?<!\()(?:{words})|(?:{words})(?!\)))"
        rf"(?![A-Za-z/-])(?!,? [A-Z]{{2,}}))"
    )


# "leptomeningeal carcinomatosis (LC)": an upper-case abbreviation in brackets right after its words.
_DEFINED_ABBREVIATION = re.compile(r"\s*\((?P<abbreviation>[A-Z][A-Za-z]{0,4}[A-Z]s?)\)")


def _unnamed_groups(pattern: str) -> str:
    """The pattern with its named groups made plain, to join patterns that reuse a group name."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)
