"""Normalization of extracted text into the form every extractor reads.

What breaks extraction later is rewritten here, once, with provenance kept:
- unicode compatibility forms (ligatures, full-width digits) via NFKC, combining marks via NFC;
- dashes and minus signs to "-", exotic spaces to " ", curly quotes to straight ones;
- the middle-dot decimal ("65·9") to a point;
- superscript citation markers ("months.¹⁶", "^{33–35}") dropped, superscripts after a
  digit kept as an exponent ("10⁹" -> "10^9");
- inline math ("$P = 0.035$") unwrapped, with a few LaTeX commands spelled out.
The rules are data: `patterns/normalization.json`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json
from pipeline.textmap import OffsetMap, TextBuilder


@dataclass(frozen=True)
class NormalizationRules:
    char_map: dict[str, str]
    decimal_points: frozenset[str]
    superscripts: dict[str, str]
    latex_commands: dict[str, str]
    scanner: re.Pattern[str]
    # The characters a scanner match can begin at, or (a base letter before a combining mark) follow.
    trigger: re.Pattern[str]
    latex_command: re.Pattern[str]


@cache
def normalization_rules() -> NormalizationRules:
    data = load_json(
        "normalization.json", frozenset({"char_map", "decimal_points", "superscripts", "latex_commands"})
    )
    superscripts = "".join(re.escape(c) for c in data["superscripts"])
    decimal_points = "".join(re.escape(c) for c in data["decimal_points"])
    sup_run = f"[{superscripts}]+(?:[,\\-–][{superscripts}]+)*"
    scanner = re.compile(
        # Inline math: only when it looks like math, so "$5 and $10" is left alone.
        r"\$(?P<math>[^$\n]{0,120}?[=<>\\^_{}][^$\n]{0,120}?)\$"
        r"|\^\{(?P<texsup>[^{}\n]{1,30})\}"
        f"|(?P<sup>{sup_run})"
        f"|(?<=\\d)(?P<decimal>[{decimal_points}])(?=\\d)"
        r"|(?P<cluster>.[\u0300-\u036f]+)"
        r"|(?P<other>[^\x00-\x7f]|[\x00-\x08\x0b\x0e-\x1f\x7f])"
    )
    trigger = re.compile(f"[$^{superscripts}{decimal_points}\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\U0010ffff]")
    latex = sorted(data["latex_commands"], key=len, reverse=True)
    return NormalizationRules(
        char_map=dict(data["char_map"]),
        decimal_points=frozenset(data["decimal_points"]),
        superscripts=dict(data["superscripts"]),
        latex_commands=dict(data["latex_commands"]),
        scanner=scanner,
        trigger=trigger,
        latex_command=re.compile(
            "|".join(re.escape(c) + (r"(?![A-Za-z])" if c[-1].isalpha() else "") for c in latex)
        ),
    )


def normalize_text(text: str) -> tuple[str, OffsetMap]:
    """Return the normalized text and the map from it back to `text`."""
    rules = normalization_rules()
    builder = TextBuilder()
    pos = 0
    for match in _scan(text, rules):
        kind = match.lastgroup
        if kind == "other" and _normalize_char(match[kind], rules) == match[kind]:
            continue  # a character kept as it is ("±", "é"): copied with the text around it
        start, end = match.span()
        if start > pos:
            builder.copy(text[pos:start], pos)
        preceded_by_digit = start > 0 and text[start - 1].isdigit()
        if kind == "math":
            builder.replace(_render_math(match["math"], rules), start, end)
        elif kind in ("texsup", "sup"):
            if preceded_by_digit:
                body = match[kind] if kind == "texsup" else _plain_superscript(match[kind], rules)
                builder.replace("^" + body, start, end)
            # else: a citation or affiliation marker; it produces no text at all.
        elif kind == "decimal":
            builder.replace(".", start, end)
        elif kind == "cluster":
            builder.replace(unicodedata.normalize("NFC", match[kind]), start, end)
        else:
            builder.replace(_normalize_char(match[kind], rules), start, end)
        pos = end
    if pos < len(text):
        builder.copy(text[pos:], pos)
    return builder.build()


def _scan(text: str, rules: NormalizationRules) -> Iterator[re.Match[str]]:
    """What `rules.scanner.finditer(text)` yields, without trying the scanner at every character.

    Most of a text is plain ASCII that no rule touches, and the scanner (its "any character
    before a combining mark" rule) has no first character the regex engine could skip ahead
    to, so it was tried at each one. Only the trigger characters, and the one before each, can
    begin a match.
    """
    pos = 0
    while (trigger := rules.trigger.search(text, pos)) is not None:
        at = trigger.start()
        for start in (at - 1, at):
            if start >= pos and (match := rules.scanner.match(text, start)):
                yield match
                pos = match.end()
                break
        else:
            pos = at + 1


def _normalize_char(char: str, rules: NormalizationRules) -> str:
    if char in rules.char_map:
        return rules.char_map[char]
    if ord(char) < 0x20 or char == "\x7f":
        return ""  # stray control characters (not tab/newline/form feed)
    return unicodedata.normalize("NFKC", char)


def _plain_superscript(run: str, rules: NormalizationRules) -> str:
    return "".join(rules.superscripts.get(c, c) for c in run)


def _render_math(math: str, rules: NormalizationRules) -> str:
    """`P = 0.035` from `$P = 0.035$`; `\\leq` -> `≤`; braces dropped."""
    rendered = rules.latex_command.sub(lambda m: rules.latex_commands[m.group(0)], math)
    rendered = rendered.replace("{", "").replace("}", "")
    rendered = re.sub(r"\\(?=[A-Za-z])", "", rendered)
    return "".join(_normalize_char(c, rules) if ord(c) > 0x7F else c for c in rendered).strip()
