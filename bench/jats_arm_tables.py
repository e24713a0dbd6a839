"""How many JATS tables have the arms as columns, and what their rows give (issue #10).

    .venv/bin/python bench/jats_arm_tables.py [../shared/data/pmc-oa/nxml]

Reads each .nxml of the folder (one at a time) and counts its `<table-wrap>` tables whose header's
cells after the first each name a group ("Response | Arm A (n=59) | Arm B (n=56) | Total"), those
outside a baseline or adverse-event caption and, of them, those in articles about cancer; the rows
that line up with such a header, those labelled by an endpoint, and the figures they give; of these
tables, those with columns comparing the groups ("Hazard ratio | 95% CI"), the ratios read from them,
and the figures of rows labelled only by a figure under a row naming the endpoint ("Progression-free
survival" over "Median, months"). Lists each such table of a cancer article with its header.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.efficacy import _own_design, with_defined_endpoints, with_defined_populations
from pipeline.efficacy.context import EntityIndex
from pipeline.efficacy.cues import endpoint_cues
from pipeline.efficacy.rules import about_cancer, efficacy_rules
from pipeline.efficacy.tables import _arm_column_rows, _cell_columns, _cells, _lines
from pipeline.ingest import ingest_file
from pipeline.work import document_entities, shared_pipeline


def main(folder: Path) -> None:
    nlp = shared_pipeline()
    counts = dict.fromkeys(
        ("tables", "arm headers", "of results", "in cancer articles", "rows", "labelled"), 0
    )
    figures = comparing = ratios = under_heading = 0
    for path in sorted(folder.glob("*.nxml")):
        document = ingest_file(path)
        text = document.text
        entities = document_entities(nlp, document.doc_id, [text])
        rules = with_defined_endpoints(with_defined_populations(efficacy_rules(), text), text)
        design = _own_design(document, entities)
        within = EntityIndex(entities)
        cancer = about_cancer(text, rules)
        for table in document.tables:
            counts["tables"] += 1
            lines = _lines(text, table.start, table.end)
            tabbed = [(s, e) for s, e in lines if "\t" in text[s:e]]
            if not tabbed or _cell_columns(text, _cells(text, *tabbed[0])[1:], within, rules, design) is None:
                continue
            counts["arm headers"] += 1
            if rules.not_result_table.match(table.caption):
                continue  # a baseline or adverse-event caption
            found, lined_up = _arm_column_rows(document, table, lines, within, rules, design)
            counts["of results"] += 1
            columns = _cell_columns(text, _cells(text, *tabbed[0])[1:], within, rules, design) or []
            comparing += any(c.ratio or c.interval for c in columns)
            ratios += sum(m.unit == "ratio" for m in found)
            rows = [text.rfind("\n", 0, m.char_start) + 1 for m in found]
            under_heading += sum(not endpoint_cues(text, row, text.find("\t", row), rules) for row in rows)
            counts["in cancer articles"] += cancer
            counts["rows"] += len(lined_up)
            counts["labelled"] += sum(
                bool(endpoint_cues(text, s, text.find("\t", s, e), rules)) for s, e in lined_up
            )
            figures += len(found) if cancer else 0
            if cancer:
                header = text[slice(*tabbed[0])].replace("\t", " | ")
                print(f"{document.doc_id} {table.label} ({len(found)} figures): {header[:120]}")
    print(
        f"{counts['tables']} tables; {counts['arm headers']} with a header of group columns, "
        f"{counts['of results']} outside baseline/adverse-event captions, "
        f"{counts['in cancer articles']} of them in cancer articles; {counts['rows']} rows line up, "
        f"{counts['labelled']} labelled by an endpoint; "
        f"{figures} figures in cancer articles"
    )
    print(
        f"of those outside baseline/adverse-event captions: {comparing} with columns comparing the groups, "
        f"{ratios} ratios read from them; {under_heading} figures of rows under a row naming the endpoint"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/pmc-oa/nxml"))
