"""The document store: SQLite under the output folder.

Ingested documents are kept by content (sha256 + format + the ingestion code's
fingerprint), so unchanged files are never re-processed and a file that changes back is
free. `corpus` says which file of the current corpus has which content. Every write of a
document is one transaction: a run killed at any moment leaves the store consistent,
with everything finished before the kill kept.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.records import (
    Decision,
    Document,
    DocumentErrorRow,
    DocumentRow,
    Entity,
    Measurement,
    columns,
)
from pipeline.textmap import OffsetMap

STORE_NAME = "trialsift.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    text TEXT NOT NULL,
    offset_map BLOB NOT NULL,
    source_unit TEXT NOT NULL,
    encoding TEXT NOT NULL,
    structure TEXT NOT NULL,
    PRIMARY KEY (sha256, format, fingerprint)
);
CREATE TABLE IF NOT EXISTS corpus (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    sha256 TEXT,
    fingerprint TEXT,
    status TEXT NOT NULL,
    chars INTEGER, pages INTEGER, sections INTEGER, tables INTEGER, refs INTEGER,
    title TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS stages (
    doc_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (doc_id, stage)
);
CREATE TABLE IF NOT EXISTS entities (
    doc_id TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    canonical TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    source TEXT NOT NULL,
    linked TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_by_doc ON entities (doc_id, char_start);
CREATE TABLE IF NOT EXISTS measurements (
    {measurement_columns}
);
CREATE INDEX IF NOT EXISTS measurements_by_doc ON measurements (doc_id, char_start);
CREATE TABLE IF NOT EXISTS errors (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    stage TEXT NOT NULL,
    error TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""


# The measurements table mirrors the record, column for column.
_MEASUREMENT_COLUMNS = columns(Measurement)

# Reviewers' decisions, one per target (a new decision on the same target replaces the old one),
# and the conflicts of the last two runs, so that a report can say what is new and what went away.
_REVIEW_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    {decision_columns},
    PRIMARY KEY (target, id)
);
CREATE TABLE IF NOT EXISTS conflict_snapshots (
    snapshot TEXT NOT NULL,
    conflict_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (snapshot, conflict_id)
);
CREATE TABLE IF NOT EXISTS snapshots (
    snapshot TEXT PRIMARY KEY,
    taken_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memo (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
""".format(decision_columns=", ".join(f"{c} TEXT NOT NULL" for c in columns(Decision) if c != "state"))


@dataclass(frozen=True)
class StoredFile:
    doc_id: str
    sha256: str | None
    fingerprint: str | None
    status: str
    path: str


class DocumentStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(_SCHEMA.format(measurement_columns=", ".join(_MEASUREMENT_COLUMNS)))
        self.connection.executescript(_REVIEW_SCHEMA)
        self._add_new_measurement_columns()

    @classmethod
    def in_folder(cls, out_dir: Path) -> DocumentStore:
        return cls(out_dir / STORE_NAME)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # --- reading ------------------------------------------------------------------------
    def stored_file(self, doc_id: str) -> StoredFile | None:
        row = self.connection.execute(
            "SELECT doc_id, sha256, fingerprint, status, path FROM corpus WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return StoredFile(*row) if row else None

    def has_content(self, sha256: str, fmt: str, fingerprint: str) -> bool:
        return (
            self.connection.execute(
                "SELECT 1 FROM documents WHERE sha256 = ? AND format = ? AND fingerprint = ?",
                (sha256, fmt, fingerprint),
            ).fetchone()
            is not None
        )

    def load_document(self, doc_id: str) -> Document:
        row = self.connection.execute(
            "SELECT path, format, sha256, fingerprint FROM corpus WHERE doc_id = ? AND status = 'ok'",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no ingested document '{doc_id}' in {self.path}")
        return self._load_content(doc_id, *row)

    def changes(self) -> int:
        """Rows this connection has inserted, updated or deleted since it was opened."""
        return self.connection.total_changes

    def count(self, table: str) -> int:
        """Rows of `entities` or `measurements` in the current corpus."""
        assert table in ("entities", "measurements")
        return self.connection.execute(
            f"SELECT count(*) FROM {table} t JOIN corpus c ON c.doc_id = t.doc_id AND c.status = 'ok'"
        ).fetchone()[0]

    def stored_paths(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT doc_id, path FROM corpus WHERE status = 'ok'").fetchall())

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.connection.execute("SELECT doc_id FROM corpus ORDER BY doc_id")]

    def document_rows(self) -> list[DocumentRow]:
        rows = self.connection.execute(
            "SELECT doc_id, path, format, sha256, status, chars, pages, sections, tables, refs, title "
            "FROM corpus ORDER BY doc_id"
        )
        return [DocumentRow(*row) for row in rows]

    def error_rows(self) -> list[DocumentErrorRow]:
        rows = self.connection.execute(
            "SELECT doc_id, path, stage, error, detail FROM errors ORDER BY doc_id"
        )
        return [DocumentErrorRow(*row) for row in rows]

    # --- writing ------------------------------------------------------------------------
    def save_document(self, document: Document, fingerprint: str) -> None:
        """Store a freshly ingested document and make it the corpus entry for its doc_id."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.sha256,
                    document.format,
                    fingerprint,
                    document.text,
                    document.offset_map.to_bytes(),
                    document.source_unit,
                    document.encoding,
                    document.structure_json(),
                ),
            )
            self._set_corpus_entry(
                db, document.doc_id, document.path, document.format, document.sha256, fingerprint, document
            )

    def reuse_document(self, doc_id: str, path: str, fmt: str, sha256: str, fingerprint: str) -> None:
        """Point the corpus entry at content already in the store (renamed or restored file)."""
        document = self._load_content(doc_id, path, fmt, sha256, fingerprint)
        with self.transaction() as db:
            self._set_corpus_entry(db, doc_id, path, fmt, sha256, fingerprint, document)

    def _load_content(self, doc_id: str, path: str, fmt: str, sha256: str, fingerprint: str) -> Document:
        text, blob, unit, encoding, structure = self.connection.execute(
            "SELECT text, offset_map, source_unit, encoding, structure FROM documents "
            "WHERE sha256 = ? AND format = ? AND fingerprint = ?",
            (sha256, fmt, fingerprint),
        ).fetchone()
        return Document(
            doc_id=doc_id,
            path=path,
            format=fmt,
            sha256=sha256,
            text=text,
            offset_map=OffsetMap.from_bytes(blob),
            source_unit=unit,
            encoding=encoding,
            **Document.structure_from_json(structure),
        )

    @staticmethod
    def _set_corpus_entry(
        db: sqlite3.Connection,
        doc_id: str,
        path: str,
        fmt: str,
        sha256: str,
        fingerprint: str,
        document: Document,
    ) -> None:
        db.execute(
            "INSERT OR REPLACE INTO corpus VALUES (?, ?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                path,
                fmt,
                sha256,
                fingerprint,
                len(document.text),
                len(document.pages),
                len(document.sections),
                len(document.tables),
                len(document.references),
                document.title,
            ),
        )
        db.execute("DELETE FROM errors WHERE doc_id = ?", (doc_id,))

    def update_path(self, doc_id: str, path: str) -> None:
        self.connection.execute("UPDATE corpus SET path = ? WHERE doc_id = ?", (path, doc_id))

    # --- extraction stages ----------------------------------------------------------------
    def stage_is_current(self, doc_id: str, stage: str, sha256: str, fingerprint: str) -> bool:
        return (
            self.connection.execute(
                "SELECT 1 FROM stages WHERE doc_id = ? AND stage = ? AND sha256 = ? AND fingerprint = ?",
                (doc_id, stage, sha256, fingerprint),
            ).fetchone()
            is not None
        )

    def save_extraction(
        self,
        doc_id: str,
        sha256: str,
        fingerprint: str,
        entities: list[Entity],
        measurements: list[Measurement],
    ) -> None:
        """Replace the document's entities and measurements and mark the stage done, in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM entities WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM measurements WHERE doc_id = ?", (doc_id,))
            db.executemany(
                f"INSERT INTO measurements VALUES ({', '.join('?' for _ in _MEASUREMENT_COLUMNS)})",
                [tuple(getattr(m, name) for name in _MEASUREMENT_COLUMNS) for m in measurements],
            )
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, e.label, e.text, e.canonical, e.char_start, e.char_end, e.source, e.linked)
                    for e in entities
                ],
            )
            db.execute(
                "INSERT OR REPLACE INTO stages VALUES (?, 'extract', ?, ?)", (doc_id, sha256, fingerprint)
            )
            db.execute("DELETE FROM errors WHERE doc_id = ? AND stage = 'extract'", (doc_id,))

    def save_stage_error(self, error: DocumentErrorRow) -> None:
        """A later stage failed: the ingested document stays, its stale results of that stage go."""
        with self.transaction() as db:
            db.execute("DELETE FROM entities WHERE doc_id = ?", (error.doc_id,))
            db.execute("DELETE FROM stages WHERE doc_id = ?", (error.doc_id,))
            db.execute(
                "INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?, ?)",
                (error.doc_id, error.path, error.stage, error.error, error.detail),
            )

    @staticmethod
    def _drop_extraction(db: sqlite3.Connection, doc_id: str) -> None:
        for table in ("entities", "measurements", "stages"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def measurement_rows(self) -> list[Measurement]:
        """Every measurement of the current corpus, documents in order, each in text order."""
        rows = self.connection.execute(
            f"SELECT {', '.join('m.' + c for c in _MEASUREMENT_COLUMNS)} FROM measurements m "
            "JOIN corpus c ON c.doc_id = m.doc_id AND c.status = 'ok' ORDER BY m.doc_id, m.char_start"
        )
        cns = _MEASUREMENT_COLUMNS.index("cns")
        return [Measurement(*row[:cns], bool(row[cns]), *row[cns + 1 :]) for row in rows]

    def entity_fields(self) -> list[tuple[Any, ...]]:
        """Every entity of the current corpus as the fields of `Entity`, in order: a corpus holds
        hundreds of thousands, and making a record of each only to take its fields again cost a second."""
        return self.connection.execute(
            "SELECT e.doc_id, e.label, e.text, e.canonical, e.char_start, e.char_end, e.source, e.linked "
            "FROM entities e JOIN corpus c ON c.doc_id = e.doc_id AND c.status = 'ok' "
            "ORDER BY e.doc_id, e.char_start, e.char_end"
        ).fetchall()

    def save_error(self, error: DocumentErrorRow, fmt: str, sha256: str | None, fingerprint: str) -> None:
        """Record a failure; results from an earlier, readable version of the file are dropped."""
        with self.transaction() as db:
            self._drop_extraction(db, error.doc_id)
            db.execute(
                "INSERT OR REPLACE INTO corpus (doc_id, path, format, sha256, fingerprint, status, title) "
                "VALUES (?, ?, ?, ?, ?, 'error', '')",
                (error.doc_id, error.path, fmt, sha256, fingerprint),
            )
            db.execute(
                "INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?, ?)",
                (error.doc_id, error.path, error.stage, error.error, error.detail),
            )

    def forget_missing(self, present: set[str]) -> list[str]:
        """Drop corpus entries whose files are gone; their content stays cached by hash."""
        gone = [doc_id for doc_id in self.doc_ids() if doc_id not in present]
        with self.transaction() as db:
            for doc_id in gone:
                db.execute("DELETE FROM corpus WHERE doc_id = ?", (doc_id,))
                self._drop_extraction(db, doc_id)
                db.execute("DELETE FROM errors WHERE doc_id = ?", (doc_id,))
        return gone

    # --- reviewers' decisions and conflict snapshots ------------------------------------------
    def _add_new_measurement_columns(self) -> None:
        """A store written before a column was added to the record gets it (empty)."""
        present = {row[1] for row in self.connection.execute("PRAGMA table_info(measurements)")}
        for name in _MEASUREMENT_COLUMNS:
            if name not in present:
                self.connection.execute(f"ALTER TABLE measurements ADD COLUMN {name} DEFAULT ''")

    def decisions(self) -> list[Decision]:
        """Every decision, oldest first; `state` is left empty for the caller to compute."""
        names = [c for c in columns(Decision) if c != "state"]
        rows = self.connection.execute(
            f"SELECT {', '.join(names)} FROM decisions ORDER BY decided_at, target, id"
        )
        return [Decision(**dict(zip(names, row, strict=True)), state="") for row in rows]

    def save_decisions(self, decisions: list[Decision]) -> None:
        names = [c for c in columns(Decision) if c != "state"]
        with self.transaction() as db:
            db.executemany(
                f"INSERT OR REPLACE INTO decisions ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [tuple(getattr(d, n) for n in names) for d in decisions],
            )

    def conflict_snapshot(self, snapshot: str) -> dict[str, dict[str, Any]] | None:
        """The conflicts (id -> summary) of the 'latest' or 'previous' run; None when there was none."""
        if (
            self.connection.execute("SELECT 1 FROM snapshots WHERE snapshot = ?", (snapshot,)).fetchone()
            is None
        ):
            return None
        rows = self.connection.execute(
            "SELECT conflict_id, summary FROM conflict_snapshots WHERE snapshot = ?", (snapshot,)
        )
        return {conflict_id: json.loads(summary) for conflict_id, summary in rows}

    def save_conflict_snapshot(self, conflicts: dict[str, dict[str, Any]], new_run: bool) -> None:
        """Record this run's conflicts as 'latest'; a new run first moves the latest to 'previous'."""
        with self.transaction() as db:
            if new_run and db.execute("SELECT 1 FROM snapshots WHERE snapshot = 'latest'").fetchone():
                for table in ("conflict_snapshots", "snapshots"):
                    db.execute(f"DELETE FROM {table} WHERE snapshot = 'previous'")
                    db.execute(f"UPDATE {table} SET snapshot = 'previous' WHERE snapshot = 'latest'")
            db.execute("DELETE FROM conflict_snapshots WHERE snapshot = 'latest'")
            db.execute(
                "INSERT OR REPLACE INTO snapshots VALUES ('latest', ?)", (datetime.now(UTC).isoformat(),)
            )
            db.executemany(
                "INSERT INTO conflict_snapshots VALUES ('latest', ?, ?)",
                [(cid, json.dumps(summary, ensure_ascii=False)) for cid, summary in conflicts.items()],
            )

    # --- results kept by the digest of their inputs (pipeline.memo) -------------------------
    def memo(self, kind: str) -> dict[str, str]:
        return dict(self.connection.execute("SELECT key, value FROM memo WHERE kind = ?", (kind,)).fetchall())

    def save_memo(self, kind: str, entries: dict[str, str]) -> None:
        """Keep exactly `entries` for `kind`: what the run just used, nothing of rows gone since."""
        with self.transaction() as db:
            known = {key for (key,) in db.execute("SELECT key FROM memo WHERE kind = ?", (kind,))}
            db.executemany(
                "DELETE FROM memo WHERE kind = ? AND key = ?", [(kind, key) for key in known - set(entries)]
            )
            db.executemany(
                "INSERT INTO memo VALUES (?, ?, ?)",
                [(kind, key, value) for key, value in entries.items() if key not in known],
            )

    def file_sha256(self) -> dict[str, str]:
        """doc_id -> the sha256 of its file, for the documents of the current corpus."""
        return dict(
            self.connection.execute("SELECT doc_id, sha256 FROM corpus WHERE status = 'ok'").fetchall()
        )
