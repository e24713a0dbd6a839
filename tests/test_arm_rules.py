"""patterns/arm.json: loaded, validated and compiled once; a malformed entry is an error naming it."""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import Any

import pytest

from pipeline.efficacy.arm_rules import ARM_FILE, ArmRules, arm_rules, compiled_entries
from pipeline.efficacy.candidates import PERCENT, TIME
from pipeline.errors import PatternFileError
from pipeline.resources import load_json


def _data() -> dict[str, Any]:
    return copy.deepcopy(load_json(ARM_FILE, frozenset(f.name for f in fields(ArmRules))))


def test_every_entry_says_what_it_catches() -> None:
    data = _data()
    assert data.pop("_about")
    for name, entry in data.items():
        assert len(entry["_about"]) > 40, name


def test_rules_are_compiled_once_with_placeholders_expanded() -> None:
    rules = arm_rules()
    assert arm_rules() is rules
    assert rules.paired_after.pattern.startswith(f"{PERCENT}?")
    assert TIME in rules.label_follows.pattern
    assert rules.compared_with.pattern in rules.another_before.pattern
    assert not any("{percent}" in str(getattr(rules, f.name)) for f in fields(ArmRules))


@pytest.mark.parametrize(
    ("rule", "how", "text", "found"),
    [
        ("regimen_follows", "match", " months with T-DXd", True),
        ("regimen_follows", "match", ") than in patients", False),
        ("direction_verb", "search", "FOLFOXIRI increased ORR", True),
        ("direction_verb", "search", "a reduced-dose regimen", False),
        ("negated", "search", "X did not ", True),
        ("opens_compared", "match", "Compared with ", True),
        ("compared_with", "search", "PFS compared with ", True),
        ("compared_with", "search", "Compared with ", False),  # case-sensitive: an opening is opens_compared
        ("header_joiner", "search", "Ax vs. ", True),
        ("header_joiner", "search", "Ax, ", False),  # no comma between a header's two labels
    ],
)
def test_entries_catch_their_examples(rule: str, how: str, text: str, found: bool) -> None:
    pattern = getattr(arm_rules(), rule)
    assert bool(getattr(pattern, how)(text)) == found


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["negated"].update(examples=["not"]), "`negated` has keys"),
        (lambda d: d["negated"].pop("_about"), "`negated` has keys"),
        (lambda d: d.update(negated="not"), "`negated` must be an object"),
        (lambda d: d["negated"].update(ignore_case="yes"), "`ignore_case` true or false"),
        (lambda d: d["negated"].update(pattern="(?:not"), "`negated` does not compile"),
        (lambda d: d["written_end"].update(ignore_case=False), "`written_end`"),
    ],
)
def test_a_malformed_entry_is_an_error_naming_the_file_and_entry(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(PatternFileError, match=message) as raised:
        compiled_entries(data)
    assert ARM_FILE in str(raised.value)
