"""The entries of a corpus folder, and what stops any of them being read as a document.

Walked without following anything blindly: named pipes and devices are never opened, links that
loop or lead nowhere are named, a folder reached twice (through a link) is read once, and names
that are not UTF-8 are carried with their bytes escaped, so that every output can hold them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def walk_corpus(corpus: Path, follow_links: bool = False) -> Iterator[tuple[Path, str]]:
    """(path, problem) for each non-hidden entry under `corpus` that is, or stands where one
    expects, a document; `problem` is "" for a regular file that can be read."""
    root = corpus.resolve()
    visited: set[tuple[int, int]] = set()
    pending = [corpus]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
            folder_stat = folder.stat()
        except OSError as exc:
            yield _safe_path(folder), f"folder cannot be read ({exc.strerror or exc}); its files are skipped"
            continue
        if (folder_stat.st_dev, folder_stat.st_ino) in visited:
            yield _safe_path(folder), "symbolic link to a folder already read (a loop); it is not read twice"
            continue
        visited.add((folder_stat.st_dev, folder_stat.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            problem, is_folder = _entry_problem(path, root, follow_links)
            if is_folder and not problem:
                pending.append(path)
                continue
            if not problem and not _is_utf8(path):
                problem = "the file name is not valid UTF-8; rename the file (outputs are UTF-8)"
            yield _safe_path(path), problem


def _entry_problem(path: Path, root: Path, follow_links: bool) -> tuple[str, bool]:
    """(what stops us reading `path`, or ""; whether it is a folder to walk into)."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError:
                return f"symbolic link to {os.readlink(path)}, which does not exist (a dangling link)", False
            except (RuntimeError, OSError):
                return "symbolic link that loops back on itself; fix or remove it", False
            if not follow_links and not target.is_relative_to(root):
                return (
                    f"symbolic link to {target}, outside the corpus folder; not followed "
                    "(pass --follow-links to read what links outside the corpus lead to)",
                    False,
                )
            mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})", False
    if stat.S_ISDIR(mode):
        return "", True
    for is_kind, kind in _SPECIAL_FILES:
        if is_kind(mode):
            return f"is {kind}, not a regular file; it is not read", False
    return "", False


def _is_utf8(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _safe_path(path: Path) -> Path:
    """`path` with the bytes of a non-UTF-8 name written as escapes, so that every output can hold it."""
    return path if _is_utf8(path) else Path(os.fsencode(path).decode("utf-8", "backslashreplace"))
