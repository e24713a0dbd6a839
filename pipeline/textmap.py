"""Character provenance: which characters of the source produced each character of the ingested text.

Every ingestion step builds its output with a `TextBuilder`, which records segments
`(out_start, out_len, src_start, src_len)`. A segment with `out_len == src_len` is a
one-to-one copy (or a same-length substitution such as "·" -> "."), so character k of it
came from source character `src_start + k`. Any other segment is a replacement: all of
its output characters came from the whole source range (an inserted separator has
`src_len == 0`). Source characters that produced nothing (a dropped citation marker)
simply fall between segments.

Maps compose: ingestion is raw bytes -> extracted text -> normalized text, and the
composed map points the final text straight back at the source.

A printed source (a PDF) also says where its characters stand: `SourceBoxes` gives, for runs
of source characters, the page and the box (x0, top, x1, bottom, in points from the page's
top left) they were printed in. A map carries the boxes of its source, through composition and
storage.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

_ASCII_OR_NOT = re.compile(r"(?P<ascii>[\x00-\x7f]+)|(?P<wide>[^\x00-\x7f]+)")


_BOXES_MARK = -1  # never a segment value: separates the segments from the boxes in `to_bytes`
_BOX_SCALE = 100  # box coordinates are stored in hundredths of a point


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class SourceBoxes:
    """Where runs of source characters `[start, end)` were printed, in source order."""

    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))
    boxes: list[Box] = field(default_factory=list)

    def add(self, start: int, end: int, box: Box) -> None:
        if end > start:
            self.starts.append(start)
            self.ends.append(end)
            coords = (round(v * _BOX_SCALE) / _BOX_SCALE for v in (box.x0, box.top, box.x1, box.bottom))
            self.boxes.append(Box(box.page, *coords))

    def within(self, start: int, end: int) -> list[Box]:
        """The boxes of the printed characters of the source span `[start, end)`, one per
        printed line (pieces of a line side by side are one box)."""
        first = max(0, bisect_right(self.starts, start) - 1)
        found: list[Box] = []
        for index in range(first, len(self.starts)):
            if self.starts[index] >= max(end, start + 1):
                break
            if self.ends[index] <= start:
                continue
            box = self.boxes[index]
            last = found[-1] if found else None
            if last and last.page == box.page and box.top < last.bottom and last.top < box.bottom:
                found[-1] = _union(last, box)
            else:
                found.append(box)
        return found

    def to_array(self) -> array:
        flat = array("q")
        for start, end, box in zip(self.starts, self.ends, self.boxes, strict=True):
            flat.extend((start, end, box.page))
            flat.extend(round(v * _BOX_SCALE) for v in (box.x0, box.top, box.x1, box.bottom))
        return flat

    @classmethod
    def from_array(cls, flat: array) -> SourceBoxes:
        boxes = cls()
        for i in range(0, len(flat), 7):
            x0, top, x1, bottom = (v / _BOX_SCALE for v in flat[i + 3 : i + 7])
            boxes.add(flat[i], flat[i + 1], Box(flat[i + 2], x0, top, x1, bottom))
        return boxes


def _union(a: Box, b: Box) -> Box:
    return Box(a.page, min(a.x0, b.x0), min(a.top, b.top), max(a.x1, b.x1), max(a.bottom, b.bottom))


@dataclass
class OffsetMap:
    """Maps spans of an output text to spans of the source it was built from."""

    out_starts: array = field(default_factory=lambda: array("q"))
    out_lens: array = field(default_factory=lambda: array("q"))
    src_starts: array = field(default_factory=lambda: array("q"))
    src_lens: array = field(default_factory=lambda: array("q"))
    source_boxes: SourceBoxes | None = None

    def boxes(self, start: int, end: int) -> list[Box]:
        """Where the output span `[start, end)` was printed: a box per printed line (none if
        the source is not a printed page)."""
        if self.source_boxes is None:
            return []
        return self.source_boxes.within(*self.to_source(start, end))

    def __len__(self) -> int:
        return len(self.out_starts)

    @property
    def out_length(self) -> int:
        return self.out_starts[-1] + self.out_lens[-1] if len(self) else 0

    def segments(self) -> list[tuple[int, int, int, int]]:
        return list(zip(self.out_starts, self.out_lens, self.src_starts, self.src_lens, strict=True))

    def _segment_at(self, out_pos: int) -> int:
        index = bisect_right(self.out_starts, out_pos) - 1
        if index < 0 or out_pos >= self.out_starts[index] + self.out_lens[index]:
            raise IndexError(f"offset {out_pos} is outside the mapped text (length {self.out_length})")
        return index

    def source_start(self, out_pos: int) -> int:
        """Source offset where the output character at `out_pos` begins."""
        i = self._segment_at(out_pos)
        if self.out_lens[i] == self.src_lens[i]:
            return self.src_starts[i] + out_pos - self.out_starts[i]
        return self.src_starts[i]

    def source_end(self, out_pos: int) -> int:
        """Source offset just after the output character at `out_pos`."""
        i = self._segment_at(out_pos)
        if self.out_lens[i] == self.src_lens[i]:
            return self.src_starts[i] + out_pos - self.out_starts[i] + 1
        return self.src_starts[i] + self.src_lens[i]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span `[s, e)` covering the output span `[start, end)`."""
        if end <= start:
            pos = self.source_start(start) if start < self.out_length else self._end_of_source()
            return pos, pos
        return self.source_start(start), self.source_end(end - 1)

    def _end_of_source(self) -> int:
        return self.src_starts[-1] + self.src_lens[-1] if len(self) else 0

    def output_position(self, src_pos: int) -> int:
        """Where source offset `src_pos` lands in the output (for carrying spans forward)."""
        index = bisect_right(self.src_starts, src_pos) - 1
        if index < 0:
            return 0
        out_start, out_len = self.out_starts[index], self.out_lens[index]
        src_start, src_len = self.src_starts[index], self.src_lens[index]
        if src_pos >= src_start + src_len:
            return out_start + out_len
        if out_len == src_len:
            return out_start + src_pos - src_start
        return out_start

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """`self` maps out -> mid and `inner` maps mid -> src; return out -> src."""
        builder = _SegmentWriter()
        for o_start, o_len, m_start, m_len in self.segments():
            if m_len == 0:
                at = inner.source_start(m_start) if m_start < inner.out_length else inner._end_of_source()
                builder.add(o_start, o_len, at, 0)
            elif o_len != m_len:
                s, e = inner.to_source(m_start, m_start + m_len)
                builder.add(o_start, o_len, s, e - s)
            else:
                # A one-to-one run may cross several inner segments: split it along them.
                pos = m_start
                while pos < m_start + m_len:
                    i = inner._segment_at(pos)
                    seg_end = min(inner.out_starts[i] + inner.out_lens[i], m_start + m_len)
                    if inner.out_lens[i] == inner.src_lens[i]:
                        src = inner.src_starts[i] + pos - inner.out_starts[i]
                        builder.add(o_start + pos - m_start, seg_end - pos, src, seg_end - pos)
                    else:
                        builder.add(
                            o_start + pos - m_start, seg_end - pos, inner.src_starts[i], inner.src_lens[i]
                        )
                    pos = seg_end
        composed = builder.finish()
        composed.source_boxes = inner.source_boxes
        return composed

    def to_bytes(self) -> bytes:
        flat = array("q")
        for seg in self.segments():
            flat.extend(seg)
        if self.source_boxes is not None:
            flat.append(_BOXES_MARK)
            flat.extend(self.source_boxes.to_array())
        return flat.tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> OffsetMap:
        flat = array("q")
        flat.frombytes(blob)
        boxes = None
        if _BOXES_MARK in flat:
            mark = flat.index(_BOXES_MARK)
            flat, boxes = flat[:mark], SourceBoxes.from_array(flat[mark + 1 :])
        return cls(flat[0::4], flat[1::4], flat[2::4], flat[3::4], boxes)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        writer = _SegmentWriter()
        if length:
            writer.add(0, length, 0, length)
        return writer.finish()


class _SegmentWriter:
    """Appends segments, merging adjacent one-to-one runs so maps stay small."""

    def __init__(self) -> None:
        self.map = OffsetMap()

    def add(self, out_start: int, out_len: int, src_start: int, src_len: int) -> None:
        if out_len == 0:
            return
        m = self.map
        if (
            len(m)
            and out_len == src_len
            and m.out_lens[-1] == m.src_lens[-1]
            and m.out_starts[-1] + m.out_lens[-1] == out_start
            and m.src_starts[-1] + m.src_lens[-1] == src_start
        ):
            m.out_lens[-1] += out_len
            m.src_lens[-1] += src_len
            return
        m.out_starts.append(out_start)
        m.out_lens.append(out_len)
        m.src_starts.append(src_start)
        m.src_lens.append(src_len)

    def finish(self) -> OffsetMap:
        return self.map


class TextBuilder:
    """Builds an output text piece by piece, remembering where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._writer = _SegmentWriter()

    def __len__(self) -> int:
        return self._length

    def copy(self, text: str, src_start: int) -> None:
        """Append `text`, which is the source's own characters starting at `src_start`."""
        self._append(text, src_start, len(text))

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        """Append `text` as the rendering of source characters `[src_start, src_end)`."""
        self._append(text, src_start, src_end - src_start)

    def insert(self, text: str, src_at: int) -> None:
        """Append `text` that has no source characters of its own (a separator)."""
        self._append(text, src_at, 0)

    def copy_encoded(self, text: str, byte_start: int, encoding: str = "utf-8") -> int:
        """Append `text` whose source is its own encoded bytes at `byte_start`; return the byte end.

        ASCII runs map one-to-one; each wider character maps to all of its bytes.
        """
        pos = byte_start
        for match in _ASCII_OR_NOT.finditer(text):
            piece = match.group()
            if match.lastgroup == "ascii":
                self._append(piece, pos, len(piece))
                pos += len(piece)
            else:
                for char in piece:
                    width = len(char.encode(encoding))
                    self._append(char, pos, width)
                    pos += width
        return pos

    @property
    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def _append(self, text: str, src_start: int, src_len: int) -> None:
        if not text:
            return
        self._writer.add(self._length, len(text), src_start, src_len)
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), self._writer.finish()
