"""How many JATS table rows come out of ingest as one line of tab-separated cells.

    .venv/bin/python bench/jats_table_rows.py [../shared/data/pmc-oa/nxml]

Reads each .nxml of the folder (one at a time) and checks every row of every `<table-wrap>`: its
cells (`Table.cells`, one per `<td>`/`<th>`, a row's empty last cells left off) joined by tabs must be
one line of the table's text. A row glued onto its neighbour's line, or a cell cut by a `<break/>`
into two lines, fails. Prints the counts and the first tables that fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.ingest import ingest_file


def main(folder: Path) -> None:
    tables = rows = bad_rows = 0
    bad_tables: list[str] = []
    for path in sorted(folder.glob("*.nxml")):
        document = ingest_file(path)
        for table in document.tables:
            tables += 1
            lines = set(document.text[table.start : table.end].split("\n"))
            bad = 0
            for row in table.cells:
                rows += 1
                cells = list(row)
                while cells and not cells[-1]:
                    cells.pop()
                if cells and "\t".join(cells) not in lines:
                    bad += 1
            if bad:
                bad_rows += bad
                bad_tables.append(f"{path.stem} {table.label or '(no label)'}: {bad} rows")
    print(f"{tables} tables, {rows} rows")
    print(f"rows not one line of tab-separated cells: {bad_rows}, in {len(bad_tables)} tables")
    for line in bad_tables[:20]:
        print("  " + line)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/pmc-oa/nxml"))
