"""Trial mentions: registry numbers, known trial names and their aliases, unknown names in trial context.

Pure functions over text. The knowledge is data: `patterns/registry_ids.json` (registry
number shapes), `patterns/trials.jsonl` (known trials with aliases and NCT numbers, seeded
from what the corpus cites) and `patterns/trial_context.json`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.errors import PatternFileError
from pipeline.lowered import lowered
from pipeline.resources import load_json, load_jsonl

_TRIAL_KEYS = frozenset({"name", "aliases", "nct_id", "phase", "note"})
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}
_CHUNK = re.compile(r"[A-Za-z]+|\d+")
_SEPARATOR = r"[\s\-–‐/]{0,2}"
# A trial name right next to a registry number (same table row or "NAME (NCTxxxxxxxx)").
# The capital comes before the look-behind so that the regex engine skips ahead to capitals
# instead of trying the pattern at every character.
_ACRONYM = re.compile(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Za-z]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?(?![A-Za-z0-9])"
)
_ENUMERATED_NUMBER = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s*,?\s+(?:and|&)\s+)[-–]?(\d{1,2})\b")
# Between a trial's name and its registry number: brackets and punctuation, and the word "trial" or
# "study" after the name ("the OPTiM trial (NCT00769704)").
_LINK_GAP = re.compile(r"(?:\s+(?:trial|study))?[\s,;:()\[\]/-]{1,12}", re.IGNORECASE)


@dataclass(frozen=True)
class TrialMention:
    start: int
    end: int
    text: str
    label: str  # "TRIAL" or "REGISTRY_ID"
    canonical: str
    source: str  # "registry_id", "trial_registry", "spelling", "enumeration", "trial_context"
    linked: str = ""  # a TRIAL's NCT number, or a REGISTRY_ID's trial name, when known


@dataclass(frozen=True)
class KnownTrial:
    name: str
    nct_id: str | None
    phase: str


def trial_key(name: str) -> str:
    """Spelling-independent key: "DESTINY-Breast 03" -> "DESTINYBREAST3", "TUXEDO-I" -> "TUXEDO1"."""
    chunks = _CHUNK.findall(name)
    if len(chunks) > 1 and chunks[-1].upper() in _ROMAN and re.search(r"[\s\-–‐]" + chunks[-1] + r"$", name):
        chunks[-1] = _ROMAN[chunks[-1].upper()]
    return "".join(c.lstrip("0") or "0" if c.isdigit() else c.upper() for c in chunks)


@dataclass(frozen=True, eq=False)  # hashed by identity, for `_one_edit_away`'s cache
class TrialRegistry:
    by_key: dict[str, KnownTrial]
    matcher: re.Pattern[str]
    # (length, digits) -> keys of at least six characters: the only ones a misspelling may be read as.
    keys_by_shape: dict[tuple[int, str], tuple[str, ...]]
    # (name, a lower-case string every match contains, the case-insensitive pattern)
    registries: tuple[tuple[str, str, re.Pattern[str]], ...]
    context: re.Pattern[str]
    min_capitals: int
    not_trials: frozenset[str]


def _alias_pattern(alias: str) -> str:
    parts = []
    for chunk in _CHUNK.findall(alias):
        if chunk.isdigit():
            number = chunk.lstrip("0") or "0"
            roman = next((r for r, a in _ROMAN.items() if a == number), None)
            parts.append(f"(?:0*{number}{'|' + roman if roman else ''})")
        elif chunk.isupper():
            parts.append(re.escape(chunk))  # acronyms are matched with their case ("NALA", not "nala")
        else:
            parts.append(f"(?i:{re.escape(chunk)})")
    return _SEPARATOR.join(parts)


def _first_characters(alias: str) -> set[str]:
    """The characters a match of an alias's pattern (`_alias_pattern`) can start with."""
    chunk = _CHUNK.search(alias)
    if chunk is None:
        raise PatternFileError("trials.jsonl", f"alias '{alias}' has no letter and no digit")
    if chunk.group().isdigit():
        return set("0123456789IV")  # a number, with leading zeros, or its Roman numeral
    letter = chunk.group()[0]
    if chunk.group().isupper():
        return {letter}
    # Case-insensitive, also the dotted and dotless I, the long s and the Kelvin sign.
    return {
        c
        for c in (letter.lower(), letter.upper(), "\u0130", "\u0131", "\u017f", "\u212a")
        if re.fullmatch(letter, c, re.IGNORECASE)
    }


@cache
def trial_registry() -> TrialRegistry:
    by_key: dict[str, KnownTrial] = {}
    patterns: list[str] = []
    aliases: list[str] = []
    name = "trials.jsonl"
    for number, entry in enumerate(load_jsonl(name, _TRIAL_KEYS), start=1):
        trial = KnownTrial(entry["name"], entry["nct_id"], entry["phase"])
        for alias in [entry["name"], *entry["aliases"]]:
            key = trial_key(alias)
            if key in by_key and by_key[key].name != trial.name:
                raise PatternFileError(name, f"alias '{alias}' already names {by_key[key].name}", number)
            by_key[key] = trial
            patterns.append(_alias_pattern(alias))
            aliases.append(alias)
    unique = sorted(set(patterns), key=len, reverse=True)
    # The characters a name can start with, looked ahead for first: at any other character the search
    # moves on at once instead of trying every alias (4.1 s -> 3.0 s over the 2,231 PMC texts).
    first = "".join(sorted(set().union(*(_first_characters(a) for a in aliases))))
    matcher = re.compile(
        rf"(?=[{re.escape(first)}])(?<![A-Za-z0-9])(?:" + "|".join(unique) + r")(?![A-Za-z0-9])"
    )
    keys_by_shape: dict[tuple[int, str], list[str]] = {}
    for key in by_key:
        if len(key) >= 6:
            keys_by_shape.setdefault((len(key), _digits(key)), []).append(key)
    ids = load_json("registry_ids.json", frozenset({"registries"}))
    context = load_json("trial_context.json", frozenset({"pattern", "min_capitals", "not_trials"}))
    return TrialRegistry(
        by_key=by_key,
        matcher=matcher,
        keys_by_shape={shape: tuple(keys) for shape, keys in keys_by_shape.items()},
        registries=tuple(_registry(r) for r in ids["registries"]),
        context=re.compile(context["pattern"]),
        min_capitals=context["min_capitals"],
        not_trials=frozenset(context["not_trials"]),
    )


def _registry(entry: dict[str, str]) -> tuple[str, str, re.Pattern[str]]:
    required = entry["required"]
    if required != required.lower() or required not in entry["pattern"].lower():
        raise PatternFileError(
            "registry_ids.json", f"{entry['name']}: 'required' must be a lower-case part of the pattern"
        )
    return entry["name"], required, re.compile(entry["pattern"], re.IGNORECASE)


def registry_id_canonical(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw)
    match = re.match(r"[A-Za-z]+", compact)
    prefix = match.group() if match else ""
    if prefix.upper() == "NCT":
        return "NCT" + re.sub(r"\D", "", compact)
    return (prefix.upper() if prefix.upper() != "JRCT" else prefix) + compact[len(prefix) :]


def find_registry_ids(text: str, registry: TrialRegistry | None = None) -> list[TrialMention]:
    registry = registry or trial_registry()
    # A case-insensitive search for a prefix ("NCT") took about 1 s per registry over the 2,231 PMC
    # texts; looking for it in the lower-cased text first, 0.03 s: only texts that have it are searched.
    lower_text = lowered(text)
    found = []
    for _, required, pattern in registry.registries:
        if lower_text is not None and required not in lower_text:
            continue
        for match in pattern.finditer(text):
            start, end = match.span("id")
            found.append(
                TrialMention(
                    start, end, match["id"], "REGISTRY_ID", registry_id_canonical(match["id"]), "registry_id"
                )
            )
    return found


def find_trials(text: str, registry: TrialRegistry | None = None) -> list[TrialMention]:
    """Registry numbers and trial names, with names linked to adjacent NCT numbers."""
    registry = registry or trial_registry()
    ids = find_registry_ids(text, registry)
    taken = [(m.start, m.end) for m in ids]
    names: list[TrialMention] = []

    def add(start: int, end: int, canonical: str, source: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        names.append(TrialMention(start, end, text[start:end], "TRIAL", canonical, source))

    for match in registry.matcher.finditer(text):
        trial = registry.by_key.get(trial_key(match.group()))
        if trial:
            add(match.start(), match.end(), trial.name, "trial_registry")
            _enumerated(text, match, registry, add)
    checked: dict[str, KnownTrial | None] = {}  # the same acronym recurs; look it up once
    for match in _ACRONYM.finditer(text):
        word = match.group()
        if word in registry.not_trials:
            continue
        if word not in checked:
            checked[word] = _one_edit_away(trial_key(word), registry)
        near = checked[word]
        if near:
            add(match.start(), match.end(), near.name, "spelling")
    local_names: set[str] = set()
    for match in registry.context.finditer(text):
        name = match["name"]
        if (
            name in registry.not_trials
            or sum(c.isupper() for c in name) < registry.min_capitals
            or trial_key(name) in registry.by_key
        ):
            continue
        add(match.start("name"), match.end("name"), name, "trial_context")
        local_names.add(name)
    # Later mentions of a name the document introduced as a trial. Longest first, so "CIBIS-III" is
    # not cut to "CIBIS" when the document introduces both; a set's order would vary between runs.
    for name in sorted(local_names, key=lambda n: (-len(n), n)):
        for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text):
            add(match.start(), match.end(), name, "trial_context")
    return _link(text, sorted(ids + names, key=lambda m: m.start), registry)


def _enumerated(
    text: str, match: re.Match[str], registry: TrialRegistry, add: Callable[[int, int, str, str], None]
) -> None:
    """ "the DB01, 02, and 03 studies": the bare numbers after a numbered name are trials too."""
    base = re.sub(r"\d+$", "", trial_key(match.group()))
    if base == trial_key(match.group()):
        return
    position = match.end()
    while number := _ENUMERATED_NUMBER.match(text, position):
        trial = registry.by_key.get(base + (number.group(1).lstrip("0") or "0"))
        if trial is None:
            return
        add(number.start(1), number.end(1), trial.name, "enumeration")
        position = number.end()


@lru_cache(maxsize=1 << 15)
def _one_edit_away(key: str, registry: TrialRegistry) -> KnownTrial | None:
    """A misspelled known name ("DEBRAH" for DEBBRAH): one insertion, deletion or substitution.
    Cached: the same acronyms recur from paper to paper (24,801 distinct among the 124,094 that the
    2,231 PMC texts each name), and each is compared with the known names of its length and digits."""
    if len(key) < 6 or key in registry.by_key:
        return None
    digits = _digits(key)
    for length in (len(key) - 1, len(key), len(key) + 1):
        # Never by adding or dropping a number: "DESTINY-Breast" is not DESTINY-Breast01.
        for known in registry.keys_by_shape.get((length, digits), ()):
            if _levenshtein_at_most_one(key, known):
                return registry.by_key[known]
    return None


def _digits(key: str) -> str:
    return re.sub(r"\D", "", key)


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _link(text: str, mentions: list[TrialMention], registry: TrialRegistry) -> list[TrialMention]:
    """Pair each trial name with the registry number beside it (table row, parenthesis), and with
    the registry's own NCT number when the data file has one."""
    linked = list(mentions)
    nct_of: dict[str, str] = {}
    for i, (a, b) in enumerate(itertools.pairwise(mentions)):
        if {a.label, b.label} == {"TRIAL", "REGISTRY_ID"} and _LINK_GAP.fullmatch(text[a.end : b.start]):
            trial, number = (a, b) if a.label == "TRIAL" else (b, a)
            if number.canonical.startswith("NCT"):
                nct_of.setdefault(trial.canonical, number.canonical)
                linked[i if a is number else i + 1] = _with_link(number, trial.canonical)
    for i, mention in enumerate(linked):
        if mention.label == "TRIAL":
            known = registry.by_key.get(trial_key(mention.canonical))
            nct = nct_of.get(mention.canonical) or (known.nct_id if known else None)
            if nct:
                linked[i] = _with_link(mention, nct)
    return linked


def _with_link(mention: TrialMention, linked: str) -> TrialMention:
    return TrialMention(
        mention.start, mention.end, mention.text, mention.label, mention.canonical, mention.source, linked
    )
