"""How many JATS table rows come out of ingest as one line of tab-separated cells, and how many
tables have cells spanning columns or rows, or columns of a comparison (hazard ratio, CI).

    .venv/bin/python bench/jats_table_rows.py [../shared/data/pmc-oa/nxml]

Reads each .nxml of the folder (one at a time) and checks every row of every `<table-wrap>`: its
cells (`Table.cells`, one per `<td>`/`<th>` and one per column a cell spans, a row's empty last
cells left off) joined by tabs must be one line of the table's text. A row glued onto its
neighbour's line, or a cell cut by a `<break/>` into two lines, fails. Counts the tables with a cell
spanning columns (`colspan` > 1) or rows (`rowspan` > 1) in the XML, and those whose header has a
column of hazard or odds ratios or of confidence intervals beside its other columns. Prints the
counts and the first tables that fail.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.efficacy.rules import efficacy_rules
from pipeline.efficacy.tables import _cells, _comparison_column
from pipeline.ingest import ingest_file

_TABLE_WRAP = re.compile(rb"<table-wrap\b.*?</table-wrap>", re.S)
_SPAN = {
    kind: re.compile(rb"<t[dh]\b[^>]*\b" + kind + rb'\s*=\s*"\s*0*([2-9]|\d\d+)', re.S)
    for kind in (b"colspan", b"rowspan")
}


def main(folder: Path) -> None:
    rules = efficacy_rules()
    tables = rows = bad_rows = 0
    spans = {"colspan": 0, "rowspan": 0}
    comparison = 0
    bad_tables: list[str] = []
    for path in sorted(folder.glob("*.nxml")):
        document = ingest_file(path)
        for xml in _TABLE_WRAP.findall(path.read_bytes()):
            for kind, pattern in _SPAN.items():
                spans[kind.decode()] += pattern.search(xml) is not None
        for table in document.tables:
            tables += 1
            text = document.text
            lines = text[table.start : table.end].split("\n")
            start = text.find("\t", table.start, table.end)
            if start >= 0:
                end = text.find("\n", start, table.end)
                header = (text.rfind("\n", 0, start) + 1, end if end >= 0 else table.end)
                comparison += any(_comparison_column(text, s, e, rules) for s, e in _cells(text, *header)[1:])
            bad = 0
            for row in table.cells:
                rows += 1
                cells = list(row)
                while cells and not cells[-1]:
                    cells.pop()
                if cells and "\t".join(cells) not in set(lines):
                    bad += 1
            if bad:
                bad_rows += bad
                bad_tables.append(f"{path.stem} {table.label or '(no label)'}: {bad} rows")
    print(f"{tables} tables, {rows} rows")
    print(f"rows not one line of tab-separated cells: {bad_rows}, in {len(bad_tables)} tables")
    print(
        f"tables with a cell spanning columns: {spans['colspan']}, rows: {spans['rowspan']}; "
        f"with a hazard/odds-ratio or CI column in the header: {comparison}"
    )
    for line in bad_tables[:20]:
        print("  " + line)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/pmc-oa/nxml"))
