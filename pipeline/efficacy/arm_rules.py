"""How a sentence names a figure's arm: `patterns/arm.json` validated and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from pipeline.efficacy.candidates import PERCENT, TIME
from pipeline.errors import PatternFileError
from pipeline.resources import load_json

ARM_FILE = "arm.json"
_ENTRY_KEYS = frozenset({"_about", "ignore_case", "pattern"})


@dataclass(frozen=True)
class ArmRules:
    # After a value: the regimen or label named right after it, or what it is compared with
    regimen_follows: re.Pattern[str]  # "52.6 months with T-DXd", "(21%) in arm B"
    whole_trial: re.Pattern[str]  # "95.1% for both groups": no one arm
    group_named: re.Pattern[str]  # "events in the exercise groups": a group the design does not know
    compared_after: re.Pattern[str]  # "45% vs. placebo": the regimen is what the value is compared with
    compared_arm: re.Pattern[str]  # "than in the surgery-only group": an arm without drugs compared with
    label_follows: re.Pattern[str]  # "3.3% (95% CI 2.1-5.1) for TARGIT": up to the label after a value
    direct_label_end: re.Pattern[str]  # "28.7% BC vs. 22.7%": a label without preposition, compared ...
    direct_label_start: re.Pattern[str]  # ... or the second of such a comparison
    paired_after: re.Pattern[str]  # "9.9 [7.0-16.6] months vs 14.9": compared with the next value
    header_joiner: re.Pattern[str]  # "Ax vs. no-Ax: 98% vs. 94%": between a header's two labels
    respectively_next: re.Pattern[str]  # "in the X and Y arms, respectively"
    labels_end: re.Pattern[str]  # "in the X and Y arms;": a list of labels right after its values, ended
    listed_joiner: re.Pattern[str]  # "for X and Y": between two regimens listed after a pair
    only_joiners: re.Pattern[str]  # "the capecitabine-plus-trastuzumab group": a label of drugs only
    # Before a regimen or label: what it is compared with
    another_before: re.Pattern[str]  # "similar in the PC and EP arm": another arm listed or compared
    compared_with: re.Pattern[str]  # "... vs. placebo", "compared with X": what the subject is compared with
    compared_before: re.Pattern[str]  # "82.7% versus 59.2%": the second value is the other arm's
    opens_compared: re.Pattern[str]  # "Compared with X, Y improved PFS (a vs. b)"
    clause_arm_before: re.Pattern[str]  # "83.1% of the patients were ... in the X group vs. 89.7%": ...
    clause_arm_after: re.Pattern[str]  # ... the arm that closes the clause before its comparison
    leading_group: re.Pattern[str]  # "In the combination group, ...": the group a sentence opens with
    subject_verb: re.Pattern[str]  # "The ORR in the combination group was 23.5%": the subject's verb ...
    subject_lead: re.Pattern[str]  # ... the preposition before its group ...
    figures_only: re.Pattern[str]  # ... and only figures between the verb and the value
    group_word: re.Pattern[str]  # "group", "arm"
    given_or_not: re.Pattern[str]  # "with or without X", "treated or not with X": a pair split by X
    coordinated_counts: re.Pattern[str]  # "62 events and 33 deaths in the X group": one arm's counts
    refers_back: re.Pattern[str]  # "The respective rates were a and b": the arms of the sentence before
    # Which way a pair runs: from the arm compared with to the subject's
    change_from: re.Pattern[str]  # "from 3.8 months to 5.2 months"
    direction_verb: re.Pattern[str]  # "increased", "prolonged", "reduced": which value is the subject's
    direction_break: re.Pattern[str]  # "; but": the verb is another clause's
    negated: re.Pattern[str]  # "did not increase": no direction
    describes_patients: re.Pattern[str]  # "patients with reduced ...": who, not which way
    # An arm's name as the design sentence wrote it
    written_lead: re.Pattern[str]  # "the group that underwent X"
    written_head: re.Pattern[str]  # "standard chemotherapy (temozolomide ...)": its name, in group `name`
    written_added: re.Pattern[str]  # "chemotherapy plus bevacizumab": what an arm adds to the other's
    written_end: str  # a lookahead: where a written name ends ("group", "and", "vs", punctuation)


# What a pattern may name instead of repeating it: the value finder's percent sign and unit of time
# (and `{compared_with}`, that entry's pattern, which `another_before` includes).
_PLACEHOLDERS = {"{percent}": PERCENT, "{time}": TIME}


@cache
def arm_rules() -> ArmRules:
    names = tuple(f.name for f in fields(ArmRules))
    data = load_json(ARM_FILE, frozenset(names))
    patterns = compiled_entries(data)
    return ArmRules(**{name: patterns[name] for name in names})


def compiled_entries(data: dict[str, Any]) -> dict[str, Any]:
    """Each entry of arm.json validated and compiled (`written_end`, a lookahead appended to other
    patterns, as its checked text); an entry with a wrong key, a flag that is not true or false or a
    pattern that does not compile is an error naming the file and the entry."""
    entries = {name: _entry(name, entry) for name, entry in data.items() if name != "_about"}
    placeholders = _PLACEHOLDERS | {"{compared_with}": entries["compared_with"]["pattern"]}
    compiled: dict[str, Any] = {}
    for name, entry in entries.items():
        pattern = entry["pattern"]
        for placeholder, expansion in placeholders.items():
            pattern = pattern.replace(placeholder, expansion)
        try:
            regex = re.compile(pattern, re.IGNORECASE if entry["ignore_case"] else 0)
        except re.error as exc:
            raise PatternFileError(ARM_FILE, f"`{name}` does not compile ({exc})") from exc
        compiled[name] = regex
    if not compiled["written_end"].flags & re.IGNORECASE:
        raise PatternFileError(
            ARM_FILE, "`written_end` is compiled into names that ignore case: set `ignore_case`"
        )
    compiled["written_end"] = compiled["written_end"].pattern
    return compiled


def _entry(name: str, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise PatternFileError(ARM_FILE, f"`{name}` must be an object with {sorted(_ENTRY_KEYS)}")
    if set(entry) != _ENTRY_KEYS:
        raise PatternFileError(
            ARM_FILE, f"`{name}` has keys {sorted(entry)}; it must have {sorted(_ENTRY_KEYS)}"
        )
    if not isinstance(entry["pattern"], str) or not isinstance(entry["ignore_case"], bool):
        raise PatternFileError(ARM_FILE, f"`{name}`: `pattern` must be text and `ignore_case` true or false")
    return entry
