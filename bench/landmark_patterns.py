"""How often the landmark forms that `timepoint` reads recur in the shared texts (issue #10).

    .venv/bin/python bench/landmark_patterns.py [../shared/data/pmc-oa/txt ../shared/data/pico-breast-dev]

Counts, per folder of .txt files (read one at a time), the sentences of each form that give a
percentage, and the texts they are in:
- `list_before`: a list of landmark times before a survival phrase ("The 1-, 3-, and 5-year overall
  survival rates were ...", "6- and 12-month survival probabilities");
- `list_after`: an endpoint, then a list of times ("The rates of PFS at two and three years were");
- `opens_with_time`: a sentence that opens with "At/After N months|years," and names survival,
  recurrence or being alive;
- `time_before_other`: a time right before a survival or recurrence endpoint the landmark phrase
  does not know (DMFS, iDFS, BCSS, DSS, local control, recurrence, relapse).
These are the counting regexes the rules were written after, not the rules: they over-count (a
form outside oncology, a median "6 and 12 months"); the commit messages give the counts read.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

_AMOUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_UNIT = r"(?:month|year|week)s?"
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s*,?\s+(?:and|or)\s+)"
_ENDPOINT = (
    r"(?:PFS|OS|DFS|EFS|RFS|progression[- ]free survival|overall survival|disease[- ]free survival"
    r"|event[- ]free survival|survival)"
)
FORMS = {
    "list_before": re.compile(
        rf"(?<![\w.]){_AMOUNT}-(?:{_UNIT})?{_JOIN}(?:{_AMOUNT}-(?:{_UNIT})?{_JOIN})*{_AMOUNT}[- ]{_UNIT}[- ]+"
        rf"(?:[\w-]+\s+){{0,3}}?(?:{_ENDPOINT}|[\w-]+[- ]free survival)",
        re.IGNORECASE,
    ),
    "list_after": re.compile(
        rf"\b{_ENDPOINT}(?:[- ]rates?)?\s+(?:at|after)\s+{_AMOUNT}(?:{_JOIN}{_AMOUNT})+\s+{_UNIT}\b",
        re.IGNORECASE,
    ),
    "opens_with_time": re.compile(
        rf"(?:^|(?<=[.;]\s)|(?<=\n))(?:At|After)\s+{_AMOUNT}\s+{_UNIT},[^.;]*?"
        r"(?:surviv|\bOS\b|PFS|DFS|EFS|RFS|free from|free of|recurrence|relapse|alive)",
        re.IGNORECASE,
    ),
    "time_before_other": re.compile(
        rf"(?<![A-Za-z0-9.]){_AMOUNT}[- ]{_UNIT}[- ]+(?:cumulative\s+|actuarial\s+)?(?:incidence\s+of\s+)?"
        r"(?:(?:distant\s+)?metastasis[- ]free survival|DMFS|iDFS|invasive disease[- ]free survival|BCSS"
        r"|breast cancer[- ]specific survival|DDFS|DRFS|disease[- ]specific survival|DSS|local[- ]control"
        r"|(?:local|locoregional|distant)?\s*(?:recurrence|relapse)(?![- ]free))",
        re.IGNORECASE,
    ),
}
_PERCENT_AHEAD = re.compile(r"(?:[^.;]|\.(?=\d)){0,200}?\d\s*%")  # a decimal point does not end it


def count(folder: Path) -> None:
    sentences: Counter[str] = Counter()
    texts: dict[str, set[str]] = defaultdict(set)
    files = sorted(folder.glob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, pattern in FORMS.items():
            for match in pattern.finditer(text):
                if _PERCENT_AHEAD.match(text, match.end()) or "%" in match.group():
                    sentences[name] += 1
                    texts[name].add(path.name)
    print(f"{folder} ({len(files)} texts)")
    for name in FORMS:
        print(f"  {name:18} {sentences[name]:4} sentences in {len(texts[name]):3} texts")


def main(argv: list[str]) -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    folders = [Path(a) for a in argv] or [shared / "pmc-oa" / "txt", shared / "pico-breast-dev"]
    for folder in folders:
        count(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
