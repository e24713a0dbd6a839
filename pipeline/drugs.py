"""Drug mentions: lexicon lookup, INN stems, conservative spelling correction, in-document abbreviations.

A chemical is not yet a drug. What counts as a drug, and its canonical generic name, comes
from lexicons:
- the `drug-named-entity-recognition` package (DrugBank open vocabulary + MeSH), exact
  matches only; its data file is read directly, so its import-time fuzzy index is never built;
- the project's oncology lexicon `patterns/oncology_drugs.jsonl` (abbreviations, codes,
  brands, regimens), which wins where the two disagree;
- INN stems (`patterns/drug_stems.json`) for names no lexicon has yet.
All functions here are pure: text in, mentions out.
"""

from __future__ import annotations

import bz2
import importlib.util
import itertools
import pickle
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.disk_cache import built
from pipeline.errors import PatternFileError, TrialsiftError
from pipeline.resources import load_json, load_jsonl
from pipeline.spans import TakenSpans

# Word pieces: runs of letters and digits. Separators inside a variant ("T-DXd",
# "trastuzumab deruxtecan") are matched loosely: white space, hyphens, parentheses; a slash only
# before a short form, as in a regimen's notation ("5-FU/LV", not "peptide/T").
_WORD = re.compile(r"[A-Za-z0-9]+")
# The word after a gap of at most three separators: the next word of a multi-word variant.
_NEXT_WORD = re.compile(r"[\s\-‐–()]{0,3}(?:/(?=\s?[A-Z]{2})\s?)?([A-Za-z0-9]+)")
_KEY_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
# Variants this short are matched with their case ("HP" is a regimen, "hp" is not).
_CASE_SENSITIVE_MAX = 4
# General-lexicon variants shorter than this are too ambiguous to match in running text.
_GENERAL_MIN_LENGTH = 5
_ONCOLOGY_KEYS = frozenset({"canonical", "variants", "category", "needs_definition"})


@dataclass(frozen=True)
class DrugMention:
    start: int
    end: int
    text: str
    canonical: str
    source: str  # "lexicon", "oncology_lexicon", "inn_stem", "spelling", "abbreviation", "ner"


def variant_key(surface: str, keep_case: bool = False) -> str:
    key = _KEY_SEPARATORS.sub(" ", surface).strip()
    return key if keep_case else key.lower()


_FDA_PREFIX = re.compile(r"^(?:fam|ado)-")
_FDA_SUFFIX = re.compile(r"-[a-z]{4}$")
_NAME_LIST = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def canonical_name(name: str) -> str:
    """House canonical form: lower-case generic name without FDA prefixes/suffixes.

    "Fam-trastuzumab deruxtecan-nxki" -> "trastuzumab deruxtecan";
    "Abacavir, Dolutegravir, and Lamivudine" -> "abacavir + dolutegravir + lamivudine".
    """
    name = " ".join(name.lower().split())
    name = _FDA_PREFIX.sub("", name)
    name = _FDA_SUFFIX.sub("", name)
    parts = [p.strip() for p in _NAME_LIST.split(name) if p.strip()]
    return " + ".join(parts) if len(parts) > 1 else name


@dataclass(frozen=True)
class DrugLexicon:
    insensitive: dict[str, str]  # lower-case key -> canonical
    sensitive: dict[str, str]  # exact-case key of short variants -> canonical
    written: frozenset[str]  # short variants exactly as written: "S-1" is no "S 1" nor "S(1)"
    needs_definition: dict[str, str]  # exact-case key -> canonical, used only when the document defines it
    sources: dict[str, str]  # key -> "lexicon" | "oncology_lexicon"
    prefixes: frozenset[str]  # lower-case keys of every proper word-prefix of a multi-word variant
    single_words: frozenset[str]  # lower-case one-word variants, short ones included
    followers: dict[str, frozenset[str]]  # first word of a multi-word variant -> the words after it
    stems: tuple[str, ...]
    stem_min_length: int
    not_drugs: frozenset[str]
    by_stem: dict[str, tuple[str, ...]]  # stem -> known one-word canonicals ending in it

    def lookup(self, words: list[str]) -> tuple[str, str] | None:
        """(canonical, source) for a sequence of words, or None."""
        surface = " ".join(words)
        return self.lookup_key(surface.lower(), surface)

    def lookup_key(self, key: str, surface: str) -> tuple[str, str] | None:
        """`key` is the lower-cased `surface`; short variants are matched on the surface, case and all."""
        if len(surface) - surface.count(" ") <= _CASE_SENSITIVE_MAX:
            canonical = self.sensitive.get(surface)
            return (canonical, "oncology_lexicon") if canonical else None
        canonical = self.insensitive.get(key)
        return (canonical, self.sources[key]) if canonical else None


@cache
def drug_lexicon() -> DrugLexicon:
    """Both lexicons and the INN stems as one index. Building it takes about a second of CPU, in
    every process that extracts: it is kept on disk (pipeline.disk_cache), by the digest of the
    files it is built from and of this module, which builds it."""
    data_files = resources.files("pipeline.patterns")
    inputs = [
        Path(__file__).read_bytes(),
        _general_lexicon_file().read_bytes(),
        *(data_files.joinpath(name).read_bytes() for name in ("drug_stems.json", "oncology_drugs.jsonl")),
    ]
    return built("drug_lexicon", inputs, _build_lexicon)


def _build_lexicon() -> DrugLexicon:
    insensitive: dict[str, str] = {}
    sources: dict[str, str] = {}
    stems_data = load_json("drug_stems.json", frozenset({"min_length", "stems", "not_drugs"}))
    not_drugs = frozenset(variant_key(v) for v in stems_data["not_drugs"])
    for variant, canonicals in _general_lexicon().items():
        key = variant_key(variant)
        if len(key) >= _GENERAL_MIN_LENGTH and len(canonicals) == 1 and key not in not_drugs:
            insensitive[key] = canonical_name(canonicals[0])
            sources[key] = "lexicon"
    sensitive: dict[str, str] = {}
    written: set[str] = set()
    needs_definition: dict[str, str] = {}
    for entry in _oncology_entries():
        canonical = entry["canonical"]
        for variant in entry["variants"]:
            exact = variant_key(variant, keep_case=True)
            if entry["needs_definition"]:
                needs_definition[exact] = canonical
            elif len(exact.replace(" ", "")) <= _CASE_SENSITIVE_MAX:
                sensitive[exact] = canonical
                written.add(variant)
            else:
                insensitive[exact.lower()] = canonical
                sources[exact.lower()] = "oncology_lexicon"
    stems = tuple(sorted(set(stems_data["stems"]), key=len, reverse=True))
    by_stem: dict[str, list[str]] = {}
    for canonical in set(insensitive.values()):
        if " " not in canonical and canonical.isalpha():
            stem = next((s for s in stems if canonical.endswith(s)), None)
            if stem:
                by_stem.setdefault(stem, []).append(canonical)
    keys = list(insensitive) + [k.lower() for k in sensitive]
    return DrugLexicon(
        insensitive=insensitive,
        sensitive=sensitive,
        written=frozenset(written),
        needs_definition=needs_definition,
        sources=sources,
        prefixes=frozenset(
            " ".join(k.split(" ")[:n]) for k in keys if " " in k for n in range(1, k.count(" ") + 1)
        ),
        single_words=frozenset(k for k in keys if " " not in k),
        followers=_followers(keys),
        stems=stems,
        stem_min_length=stems_data["min_length"],
        not_drugs=not_drugs,
        by_stem={stem: tuple(sorted(names)) for stem, names in by_stem.items()},
    )


def _followers(keys: list[str]) -> dict[str, frozenset[str]]:
    followers: dict[str, set[str]] = {}
    for key in keys:
        words = key.split(" ")
        if len(words) > 1:
            followers.setdefault(words[0], set()).add(words[1])
    return {first: frozenset(seconds) for first, seconds in followers.items()}


def _general_lexicon_file() -> Path:
    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise TrialsiftError(
            "the drug lexicon package 'drug-named-entity-recognition' is not installed; "
            "install trialsift with its dependencies (see README: set up)"
        )
    return Path(spec.submodule_search_locations[0]) / "drug_ner_dictionary.pkl.bz2"


def _general_lexicon() -> dict[str, list[str]]:
    with bz2.open(_general_lexicon_file(), "rb") as handle:
        data = pickle.load(handle)  # the package's own data file, shipped with the installed package
    records = data["drug_canonical_to_data"]
    brands = {v for v, extra in data["drug_variant_to_variant_data"].items() if extra.get("is_brand")}
    lexicon = {}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        # MeSH-only records are mostly classes and targets ("Receptors, Estrogen", "Immunoconjugates");
        # a DrugBank or MedlinePlus record marks an actual drug. Brand names that are ordinary words
        # make noise in running text; the oncology lexicon carries the brands that matter here.
        drugs = [c for c in canonicals if {"drugbank_id", "medline_plus_id"} & set(records.get(c, {}))]
        if drugs and variant not in brands:
            lexicon[variant] = [records[c].get("name") or c for c in drugs]
    return lexicon


def _oncology_entries() -> Iterable[dict]:
    name = "oncology_drugs.jsonl"
    for number, entry in enumerate(load_jsonl(name, _ONCOLOGY_KEYS), start=1):
        if entry["canonical"] != entry["canonical"].lower():
            raise PatternFileError(
                name, f"canonical '{entry['canonical']}' must be lower-case (entry {number})"
            )
        yield entry


def find_drugs(text: str, lexicon: DrugLexicon | None = None) -> list[DrugMention]:
    """Lexicon and INN-stem drug mentions, longest match first, no overlaps."""
    lexicon = lexicon or drug_lexicon()
    # Most words of a paper can begin no mention: they are no one-word variant, carry no INN stem,
    # and begin no multi-word variant whose second word the paper contains ("and", "in", "a" begin
    # some). Deciding that once per distinct word, and looking up only the words that can begin a
    # mention, took a per-word lookup loop (a quarter of extraction) out of the run.
    distinct = set(_WORD.findall(text))
    keys = {word.lower() for word in distinct}
    # word -> None when it can be a mention by itself, else the words one of which must follow it
    starters: dict[str, frozenset[str] | None] = {}
    for word in distinct:
        key = word.lower()
        if key in lexicon.single_words or key.endswith(lexicon.stems):
            starters[word] = None
        elif (followers := lexicon.followers.get(key)) is not None and not followers.isdisjoint(keys):
            starters[word] = followers
    mentions: list[DrugMention] = []
    covered = 0  # where the last mention ends: the words inside it begin nothing
    for match in _WORD.finditer(text):
        word = match.group()
        if word not in starters or match.start() < covered:
            continue
        followers = starters[word]
        if followers is not None:
            following = _NEXT_WORD.match(text, match.end())
            if following is None or following.group(1).lower() not in followers:
                continue
        mention = _mention_at(text, match, lexicon)
        if mention:
            mentions.append(mention)
            covered = mention.end
    return mentions


def _mention_at(text: str, match: re.Match[str], lexicon: DrugLexicon) -> DrugMention | None:
    """The longest lexicon variant that begins with this word, else the word itself if it has an INN stem."""
    word = match.group()
    start, end = match.span()
    key, surface = word.lower(), word
    found = None
    # Walk forward while the words read so far can still begin a longer variant; keep the longest hit.
    while True:
        hit = lexicon.lookup_key(key, surface)
        if hit:
            found = (end, *hit)
        if key not in lexicon.prefixes:
            break
        following = _NEXT_WORD.match(text, end)
        if not following:
            break
        word = following.group(1)
        key, surface, end = f"{key} {word.lower()}", f"{surface} {word}", following.end()
    if found and _accept(text, start, found, lexicon):
        end, canonical, source = found
        return DrugMention(start, end, text[start:end], canonical, source)
    stem_hit = _by_stem(match.group(), lexicon)
    if stem_hit and not _part_of_longer_word(text, *match.span()):
        return DrugMention(*match.span(), match.group(), *stem_hit)
    return None


# What shows a name is a target or an enzyme named after its substrate, not a drug: "estrogen receptor",
# "HER2 pathway", "alanine aminotransferase", "creatine kinase", "glucose oxidase".
_TARGET_AFTER = re.compile(
    r"[\s-]*(?:receptors?|pathway|signaling|signalling|levels?|aminotransferases?|transaminases?"
    r"|dehydrogenases?|kinases?|phosphatases?|transferases?|synthases?|reductases?|oxidases?)\b",
    re.IGNORECASE,
)


def _accept(text: str, start: int, found: tuple[int, str, str], lexicon: DrugLexicon) -> bool:
    end, canonical, source = found
    if _TARGET_AFTER.match(text, end):
        return False
    surface = text[start:end]
    if len(variant_key(surface).replace(" ", "")) <= _CASE_SENSITIVE_MAX and surface not in lexicon.written:
        return False  # a short variant counts only as written: "S-1", not "S 1" nor "S(1)"
    # A general-lexicon synonym written capitalised is usually a brand or a name ("Arima" in a
    # reference list); oncology brands come from the oncology lexicon.
    capitalised_synonym = variant_key(surface) != variant_key(canonical) and not surface.islower()
    return not (source == "lexicon" and capitalised_synonym)


def _part_of_longer_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before in "-/_" or after in "-/_"


def _by_stem(word: str, lexicon: DrugLexicon) -> tuple[str, str] | None:
    """An unknown word with an INN stem: corrected to a known drug one letter away, or kept as is."""
    lowered = word.lower()
    if len(word) < lexicon.stem_min_length or not word.isalpha() or lowered in lexicon.not_drugs:
        return None
    if not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return None
    if not lowered.endswith(lexicon.stems):  # one call for all stems; most words end in none
        return None
    stem = next(s for s in lexicon.stems if lowered.endswith(s))
    for known in lexicon.by_stem.get(stem, ()):
        if _one_substitution_apart(lowered, known):
            return known, "spelling"
    return lowered, "inn_stem"


def _one_substitution_apart(a: str, b: str) -> bool:
    """Same length, same first two letters, exactly one letter different ("pylotinib"/"pyrotinib")."""
    if len(a) != len(b) or a[:2] != b[:2]:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


# "A and B", "A, B, and C", "A + B", "A plus B", "A/B": drugs named together as one regimen; how the
# next drug of a list is given ("irinotecan plus high-dose 5-fluorouracil", "epirubicin, cisplatin and
# continuous infusion 5-FU") is inside the one regimen.
_CHAIN_JOINER = re.compile(
    r"\s*(?:(?:,\s*(?:and\s+)?|\s+and\s+|\s+plus\s+)(?:(?:high|low|standard|intermediate)[\s-]dose\s+"
    r"|(?:continuous|bolus)(?:[\s-]infusion(?:al)?)?\s+|infusional\s+)?"
    r"|\s*\+\s*|\s*/\s*|\s+with\s+|\s*[-–]\s*)\s*"
)
_SHORT = r"[A-Za-z][A-Za-z0-9\-]{0,11}(?:\s?[+/]\s?[A-Za-z][A-Za-z0-9\-]{0,11}){0,3}"
_AFTER_LONG = re.compile(rf"\s*\(\s*(?P<short>{_SHORT})\s*[);,]")
# "GDP (gemcitabine, ...", "GDP regimen (gemcitabine, dexamethasone and cisplatin)"
_BEFORE_LONG = re.compile(
    rf"(?<![A-Za-z0-9\-])(?P<short>{_SHORT})(?:\s+(?:regimen|protocol|combination))?\s*\(\s*$"
)
_CLOSING = re.compile(r"\s*[);,]")
# A bracket that goes on past the drugs read: "GDP (Gemcitabine, Dexamethasone, and Cisplatine)" (a
# last drug no lexicon knows), "TPC (capecitabine, vinorelbine, or eribulin)" (a choice, no regimen).
_LIST_GOES_ON = re.compile(r"\s*,?\s*(?:and|or)\s+[^(),;]{1,30}\)")
_ABBREVIATION_LIST = re.compile(r"Abbreviations?\s*:\s*(?P<body>[^\n]+)")
_LIST_ENTRY = re.compile(r"^\s*(?P<short>[^,:=;]{1,15}?)\s*[,:=]\s*(?P<long>.+?)\s*\.?$")


def _chains(text: str, mentions: list[DrugMention]) -> list[list[DrugMention]]:
    """Runs of mentions joined by "and", ",", "+", "plus", "/": one regimen each."""
    chains: list[list[DrugMention]] = []
    for mention in mentions:
        if chains and _CHAIN_JOINER.fullmatch(text[chains[-1][-1].end : mention.start]):
            chains[-1].append(mention)
        else:
            chains.append([mention])
    return chains


def _regimen(canonicals: Iterable[str]) -> str:
    names: list[str] = []
    for canonical in canonicals:
        for name in canonical.split(" + "):
            if name not in names:
                names.append(name)
    return " + ".join(names)


def _is_short_form(short: str, long_text: str) -> bool:
    if short.lower() == long_text.lower() or re.fullmatch(r"\d+|[IVX]+|n\s?=.*|19\d\d|20\d\d", short):
        return False
    if re.fullmatch(r"[a-z]{1,5}(?:\s?[+/]\s?[a-z]{1,5})+", short):
        return True  # "lap+vin": lower-case parts, one per drug
    return any(c.isupper() or c.isdigit() for c in short)


def find_drug_abbreviations(text: str, mentions: list[DrugMention]) -> dict[str, str]:
    """Short forms the document itself defines for drugs or regimens -> canonical.

    Handles what Schwartz–Hearst misses because the letters do not align:
    "trastuzumab deruxtecan (T-DXd)", "T-DXd (trastuzumab deruxtecan)",
    "lapatinib plus vinorelbine (lap+vin)" and abbreviation lists
    ("Abbreviations: THP, albumin-bound paclitaxel, trastuzumab and pertuzumab; ...").
    """
    definitions: dict[str, str] = {}
    by_start = sorted(mentions, key=lambda m: m.start)  # find_drugs gives them in this order
    starts = [m.start for m in by_start]
    chains = _chains(text, mentions)
    added_to: dict[str, str] = {}  # "DE plus rh-endostatin (DEE)": DEE -> DE
    for previous, chain in zip([[], *chains], chains, strict=False):
        after = _AFTER_LONG.match(text, chain[-1].end)
        if after:
            _define(definitions, after["short"], _sequence(text, previous, chain, after["short"]), text)
            lead = _ADDED_TO_SHORT.search(text, max(0, chain[0].start - _SHORT_REACH), chain[0].start)
            if lead:
                added_to.setdefault(after["short"], lead["short"])
        before = _BEFORE_LONG.search(text, max(0, chain[0].start - 30), chain[0].start)
        closing = _CLOSING.match(text, chain[-1].end)
        if before and closing and not _LIST_GOES_ON.match(text, chain[-1].end):
            _define(definitions, before["short"], chain, text)
    for listing in _ABBREVIATION_LIST.finditer(text):
        offset = listing.start("body")
        for entry_match in re.finditer(r"[^;]+", listing["body"]):
            entry = _LIST_ENTRY.match(entry_match.group())
            if not entry:
                continue
            long_start = offset + entry_match.start() + entry.start("long")
            long_end = offset + entry_match.start() + entry.end("long")
            inside = [
                m
                for m in by_start[bisect_left(starts, long_start) : bisect_left(starts, long_end)]
                if m.end <= long_end
            ]
            short = entry["short"].strip()
            if inside and _is_short_form(short, entry["long"]) and short not in definitions:
                definitions[short] = _regimen(m.canonical for m in inside)
    for short, base in added_to.items():
        # "docetaxel and epirubicin (DE) or DE plus rh-endostatin (DEE)", "TE+lobaplatin (TEL)": a
        # short form written after another plus a drug is the other's regimen with the drug added,
        # wherever the paper defines the other
        if short in definitions and base in definitions and base != short:
            definitions[short] = _regimen([definitions[base], definitions[short]])
    return definitions


# A short form right before a drug it is given with, up to the drug's prefix: "DE plus rh-" of "DE plus
# rh-endostatin (DEE)", "TE+" of "TE+lobaplatin (TEL)".
_ADDED_TO_SHORT = re.compile(
    r"(?<![\w-])(?P<short>[A-Z][A-Za-z0-9-]{0,7})\s*(?:\+|plus|with)\s*(?:[a-z]{1,4}-)?\Z"
)
_SHORT_REACH = 20


# "A followed by B (X-Y)": the steps of a sequence, and a short form of steps joined by hyphens.
_SEQUENCE_JOINER = re.compile(r"\s+(?:followed\s+by|then)\s+")
_STEPS = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")


def _sequence(
    text: str, previous: list[DrugMention], chain: list[DrugMention], short: str
) -> list[DrugMention]:
    """The drugs a short form written right after `chain` names: the whole sequence when it is a
    sequence's steps ("5-fluorouracil, epirubicin and cyclophosphamide followed by docetaxel (FEC-D)",
    "docetaxel followed by 5FU, epirubicin and cyclophosphamide (T-FEC)", "doxorubicin/cyclophosphamide
    followed by docetaxel (AC-DOC)"), with a letter at least for each drug; else `chain`."""
    steps = previous + chain
    if (
        previous
        and _SEQUENCE_JOINER.fullmatch(text, previous[-1].end, chain[0].start)
        and _STEPS.fullmatch(short)
        and sum(c.isalpha() for c in short) >= len(steps)
        and not drug_lexicon().lookup(variant_key(short, keep_case=True).split(" "))
    ):
        return steps
    return chain


def _define(definitions: dict[str, str], short: str, chain: list[DrugMention], text: str) -> None:
    long_text = text[chain[0].start : chain[-1].end]
    if not _is_short_form(short, long_text) or short in definitions or not _looks_abbreviated(short):
        return
    parts = [p.strip() for p in re.split(r"[+/]", short)]
    if len(parts) > 1 and len(parts) == len(chain):
        for part, mention in zip(parts, chain, strict=True):  # "lap+vin": one short form per drug
            definitions.setdefault(part, mention.canonical)
        return
    known = drug_lexicon().lookup(variant_key(short, keep_case=True).split(" "))
    if known:
        # "…, pertuzumab, and ado-trastuzumab emtansine (T-DM1)": a known short form names the
        # drug it stands next to, not the whole list.
        if known[0] == chain[-1].canonical:
            definitions[short] = known[0]
        return
    joiners = [text[a.end : b.start] for a, b in itertools.pairwise(chain)]
    letters = sum(c.isupper() for c in short)
    # "A and B (AB)" names a regimen, and so does "C, T, H and P (CTHP)" (a letter per drug);
    # otherwise "A, B and C (X)" is a list whose last item X abbreviates.
    regimen = not any("," in j for j in joiners) or letters >= len(chain)
    definitions[short] = _regimen(m.canonical for m in (chain if regimen else chain[-1:]))


def _looks_abbreviated(short: str) -> bool:
    """ "T-DXd", "HP", "lap+vin", "RC48" are short forms; "Deruxtecan", "ADCs" (a class, plural) or
    "PHENIX" (a trial) are not."""
    letters = re.sub(r"[^A-Za-z]", "", short)
    if re.fullmatch(r"[A-Z]{2,}s", short):
        return False
    if any(c.isdigit() for c in short) or "-" in short or "+" in short or "/" in short:
        return True
    if short.isupper():
        return len(letters) <= 4
    return len(short) <= 6


# A hyphen that goes on into another name ("AC-T", "TAM-R") ends no use of a short form; one that
# makes it an adjective of what was given ("PM01183-treated patients", "EGF-based cream") does.
_WORD_ENDS = r"(?![A-Za-z0-9]|-(?!(?:treated|pretreated|based|containing|exposed)\b)[A-Za-z0-9])"


def resolve_abbreviations(
    text: str, mentions: list[DrugMention], definitions: dict[str, str]
) -> list[DrugMention]:
    """Every use of a defined short form (exact case, whole word) that no lexicon hit covers."""
    taken = TakenSpans((m.start, m.end) for m in mentions)
    found: list[DrugMention] = []
    for short in sorted(definitions, key=len, reverse=True):
        for match in re.finditer(rf"(?<![A-Za-z0-9\-]){re.escape(short)}{_WORD_ENDS}", text):
            span = match.span()
            if taken.overlaps(*span):
                continue
            if len(short) == 1 and not _in_regimen_notation(text, *span):
                continue  # "C" is capecitabine in "L + C", not in "cohort C" or "P < 0.05"
            taken.add(*span)
            found.append(DrugMention(span[0], span[1], match.group(), definitions[short], "abbreviation"))
    return sorted(mentions + found, key=lambda m: m.start)


def _in_regimen_notation(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 3].lstrip()
    return before.endswith(("+", "/")) or after.startswith(("+", "/"))


def extract_drugs(text: str) -> list[DrugMention]:
    """All drug mentions of a document: lexicon and stems, then its own abbreviations."""
    mentions = find_drugs(text)
    return resolve_abbreviations(text, mentions, find_drug_abbreviations(text, mentions))
