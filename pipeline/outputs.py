"""Writing the output tables: CSV (UTF-8, header, true/false, empty = unknown) and Parquet.

Each file is written to a temporary name in the same folder and renamed over the old one, never
written into: a run writes into a new generation folder (pipeline.publish), whose files start as
hard links to the published ones, and must not change those.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.records import columns

# Nullable pandas dtypes, so a missing count stays an empty cell instead of turning the column to floats.
_NULLABLE_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "string"}


def records_frame(records: Iterable[object], record_type: type) -> pd.DataFrame:
    names = columns(record_type)
    # Records hold plain values only, so each row is just their fields in order: dataclasses.astuple
    # made the same tuples but deep-copied every value (seconds for a corpus's entities).
    return fields_frame([tuple(getattr(r, name) for name in names) for r in records], record_type)


def fields_frame(rows: list[tuple[Any, ...]], record_type: type) -> pd.DataFrame:
    """A frame of rows that are already the record's fields in order (as the store can read them)."""
    frame = pd.DataFrame(rows, columns=columns(record_type))
    for field in dataclasses.fields(record_type):
        base = str(field.type).replace(" | None", "").strip()
        if base in _NULLABLE_DTYPES:
            frame[field.name] = frame[field.name].astype(_NULLABLE_DTYPES[base])
    return frame


def write_table(frame: pd.DataFrame, out_dir: Path, name: str) -> list[Path]:
    """Write `<name>.csv` and `<name>.parquet` atomically; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / f"{name}.csv"
    parquet_path = out_dir / f"{name}.parquet"
    csv_frame = frame.copy()
    for column in csv_frame.columns:
        if str(csv_frame[column].dtype) in ("bool", "boolean"):
            csv_frame[column] = csv_frame[column].map({True: "true", False: "false"})
    atomic_write(csv_path, lambda tmp: csv_frame.to_csv(tmp, index=False, encoding="utf-8"))
    atomic_write(parquet_path, lambda tmp: frame.to_parquet(tmp, index=False))
    return [csv_path, parquet_path]


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """`write(tmp)` into a temporary file beside `path`, then rename it over `path`.

    mkstemp creates files readable by the owner only; outputs get the usual permissions.
    """
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
