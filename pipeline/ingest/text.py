"""Plain text and Markdown: decode, re-flow hard-wrapped lines, normalize, find structure.

Provenance runs to the file's bytes: decode map (chars -> bytes) ∘ re-flow map ∘
normalization map.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.errors import EmptyDocumentError, NotTextError
from pipeline.ingest.layout import find_structure, starts_block
from pipeline.normalize import normalize_text
from pipeline.records import Document, doc_id_for
from pipeline.textmap import OffsetMap, TextBuilder, _SegmentWriter

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Printable share below which "text" is really binary that happened to decode.
_MIN_PRINTABLE_SHARE = 0.95
# Control characters (other than line breaks and tabs) and the replacement character: what
# binary bytes decode to. Counted by regex: a per-character loop cost 5% of a whole run.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 first; other encodings only when detection is confident."""
    if not data.strip():
        raise EmptyDocumentError(path, "file is empty (no text at all)")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:65536]:
        raise NotTextError(path, "file contains binary data (NUL bytes), not text; is it really a text file?")
    try:
        text = data.decode(encoding or "utf-8")
        encoding = encoding or "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data[:1_000_000]).best()
        if best is None or best.chaos > 0.2:
            raise NotTextError(
                path,
                "file is not readable text: it is not UTF-8 and no other encoding fits; "
                "save it as UTF-8 or check that it is not a binary file",
            ) from None
        encoding = best.encoding
        text = data.decode(encoding, errors="strict")
    sample = text[:200_000]
    printable = len(sample) - len(_UNPRINTABLE.findall(sample))
    if printable < _MIN_PRINTABLE_SHARE * len(sample):
        raise NotTextError(
            path,
            f"file does not look like text (only {printable} printable characters "
            f"in the first {min(len(text), 200_000)}); is it a binary file?",
        )
    if not text.strip():
        raise EmptyDocumentError(path, "file contains only white space")
    return text, encoding


def byte_map(text: str, encoding: str) -> OffsetMap:
    """Map from the decoded characters to the file's bytes."""
    codec = codecs.lookup(encoding).name
    prefix = 3 if codec == "utf-8-sig" else 0
    if codec in ("utf-8", "utf-8-sig"):
        builder = TextBuilder()
        builder.copy_encoded(text, prefix)
        return builder.build()[1]
    # Fixed- and variable-width encodings in general: measure each character.
    encoder = codecs.getincrementalencoder(encoding)()
    writer = _SegmentWriter()
    byte_pos = len(encoder.encode("")) if codec in ("utf-16", "utf-32") else 0
    for index, char in enumerate(text):
        width = len(encoder.encode(char))
        writer.add(index, 1, byte_pos, width)
        byte_pos += width
    return writer.finish()


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(start, content, line break) for each line; the break is "", "\\n", "\\r\\n" or "\\r"."""
    for match in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        if match.start() == len(text) and not match.group(0):
            break
        yield match.start(), match.group(1), match.group(2)


def reflow(text: str, wrapped: bool = False) -> tuple[str, OffsetMap]:
    """Join hard-wrapped lines into paragraphs; normalize line breaks to "\\n".

    With `wrapped`, the caller already knows where paragraphs end (a blank line): every other
    line break is a wrap, whatever the line's length and even before a line that would open a
    block ("Table 4. Baseline sVEGFR2 was..." wrapped inside a sentence): a PDF page read by its
    geometry.

    A file is hard-wrapped when most of its long lines have about the same length. Only
    "full" lines (near that width) are joined to the next, so headings, table cells and
    the last line of a paragraph keep their breaks. Text pulled from a PDF often ends
    ordinary wrapped lines with a space and leaves a word broken across lines without
    one ("chemother" / "apy"); where that convention holds, it tells the two apart.
    """
    lines = list(_lines(text))
    lengths = sorted(len(content.rstrip()) for _, content, _ in lines if content.strip())
    wrap_width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    full = [c for _, c, _ in lines if c.strip() and len(c.rstrip()) >= 0.75 * wrap_width]
    hard_wrapped = wrapped or (40 <= wrap_width <= 250 and len(full) >= 5 and len(full) >= 0.3 * len(lengths))
    space_convention = hard_wrapped and bool(full) and sum(c.endswith(" ") for c in full) >= 0.8 * len(full)
    spelling = cache(lambda: _document_spelling(text))  # read only if a line ends in a broken word

    builder = TextBuilder()
    skip_leading_space = False
    resume_at = 0
    for index, (start, content, brk) in enumerate(lines):
        if index < resume_at:
            continue  # blank lines inside a word broken across them
        body_start = start
        if skip_leading_space:
            stripped = content.lstrip(" \t")
            body_start = start + len(content) - len(stripped)
            content = stripped
            skip_leading_space = False
        next_content = lines[index + 1][1] if index + 1 < len(lines) else ""
        join = (
            hard_wrapped
            and brk != ""
            and next_content.strip() != ""
            and "\t" not in content
            and "\t" not in next_content
            and (len(content.rstrip()) >= 0.75 * wrap_width or (wrapped and content.strip() != ""))
            and (wrapped or not starts_block(next_content))
        )
        continued = None if join else _continued_after_blank_lines(lines, index)
        if continued is not None:
            # "progression-" / blank line / "free survival": a page or column break inside a word, not
            # the end of a paragraph.
            trimmed = content.rstrip()
            next_word = lines[continued][1].lstrip()
            split_word = _is_hyphenation(trimmed, next_word, *spelling())
            builder.copy(trimmed[:-1] if split_word else trimmed, body_start)
            resume_at = continued
            skip_leading_space = True
            continue
        if not join:
            builder.copy(content, body_start)
            if brk:
                builder.replace("\n", start + len(lines[index][1]), start + len(lines[index][1]) + len(brk))
            continue
        trimmed = content.rstrip()
        break_start = body_start + len(trimmed)  # trailing spaces + line break are replaced below
        break_end = start + len(lines[index][1]) + len(brk)
        next_word = next_content.lstrip()
        had_trailing_space = len(trimmed) < len(content)
        if (
            _ends_in_broken_word(trimmed)
            and next_word[:1].islower()
            and not (space_convention and had_trailing_space)
            and _is_hyphenation(trimmed, next_word, *spelling())
        ):
            builder.copy(trimmed[:-1], body_start)  # the hyphen only split the word
        elif trimmed.endswith(("-", "–", "/")) and next_word[:1].isalnum():
            builder.copy(trimmed, body_start)  # a real hyphen ("Small- molecule", "ado- trastuzumab")
        elif (
            space_convention and not had_trailing_space and trimmed[-1:].isalpha() and next_word[:1].islower()
        ):
            builder.copy(trimmed, body_start)  # a word broken without a hyphen ("chemother" / "apy")
        else:
            builder.copy(trimmed, body_start)
            builder.replace(" ", break_start, break_end)
            skip_leading_space = True
            continue
        skip_leading_space = True
    return builder.build()


def _continued_after_blank_lines(lines: list[tuple[int, str, str]], index: int) -> int | None:
    """The index of the line that goes on with a word this line breaks off before blank lines
    ("progression-" / "" / "free survival"), if it does."""
    if not _ends_in_broken_word(lines[index][1].rstrip()):
        return None
    following = index + 1
    while following < len(lines) and not lines[following][1].strip():
        following += 1
    if following == index + 1 or following == len(lines):
        return None
    next_content = lines[following][1].lstrip()
    return following if next_content[:1].islower() and not starts_block(next_content) else None


def _ends_in_broken_word(line: str) -> bool:
    """ "progression-": a letter, then a hyphen at the end of the line."""
    return len(line) > 1 and line.endswith("-") and line[-2].isalpha()


def _document_spelling(text: str) -> tuple[set[str], set[str]]:
    """The document's words and its hyphenated compounds, lower-cased: how it spells a word decides
    whether a hyphen at a line's end only split it."""
    lowered = text.lower()
    return set(re.findall(r"[a-z]{3,}", lowered)), set(re.findall(r"[a-z]+-[a-z]+", lowered))


def _is_hyphenation(left_line: str, right_text: str, vocabulary: set[str], hyphenated: set[str]) -> bool:
    """Is "chemother-" + "apy" one word split by typesetting, or a real compound ("anti-" + "HER2")?

    The document's own spelling decides; typographic hyphenation is the more common case.
    """
    left = re.search(r"([A-Za-z]+)-$", left_line)
    right = re.match(r"([a-z]+)", right_text)
    if not left or not right:
        return False
    compound = f"{left.group(1)}-{right.group(1)}".lower()
    return compound.replace("-", "") in vocabulary or compound not in hyphenated


def ingest_text(path: Path, data: bytes) -> Document:
    from pipeline.ingest import sha256_of

    decoded, encoding = decode_text(path, data)
    flowed, flow_map = reflow(decoded)
    text, norm_map = normalize_text(flowed)
    offset_map = norm_map.compose(flow_map).compose(byte_map(decoded, encoding))
    structure = find_structure(text)
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        format="text",
        sha256=sha256_of(data),
        text=text,
        offset_map=offset_map,
        source_unit="byte",
        encoding=encoding,
        **structure,
    )
