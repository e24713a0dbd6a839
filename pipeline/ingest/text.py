"""Plain text and Markdown: decode, re-flow hard-wrapped lines, normalize, find structure.

Provenance runs to the file's bytes: decode map (chars -> bytes) ∘ re-flow map ∘
normalization map.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
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
# The Western single-byte encodings, preferred after UTF-8: most papers that are not UTF-8 were
# saved by Western European software. cp1252 is Latin-1 plus printable characters in 0x80-0x9f.
_WESTERN = ("cp1252", "latin-1")
# UTF-16 without a byte-order mark: text in Latin script has a NUL in every other byte.
_UTF16_NUL_SHARE = 0.4
# A UTF-8 file with a tail in another encoding: its valid multi-byte UTF-8 sequences are real
# UTF-8 (a Western text almost never forms them by chance), and its invalid bytes are Western.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Runs of valid UTF-8, or one byte that is not.
_UTF8_RUN_OR_BYTE = re.compile(rb"(?P<utf8>(?:[\x00-\x7f]|" + _UTF8_SEQUENCE.pattern + rb")+)|.", re.DOTALL)
_MIN_UTF8_SEQUENCES = 2
MIXED_ENCODING = "utf-8+cp1252"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a codec name, or MIXED_ENCODING
    byte_map: OffsetMap  # decoded characters -> the file's bytes


def decode_text(path: Path, data: bytes) -> Decoded:
    """The file's text, deciding the encoding over the whole file.

    UTF-8 first (with or without a byte-order mark); UTF-16 recognised by its byte-order mark or,
    without one, by its NUL bytes; a UTF-8 file with stretches in a Western encoding decodes each
    stretch in its own encoding; then the Western encodings, unless detection is sure the text
    is in another (Central European, Cyrillic, ...).
    """
    if not data.strip():
        raise EmptyDocumentError(path, "file is empty (no text at all)")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:65536]:
        encoding = _utf16_without_bom(path, data)
    if encoding is not None:
        text = _decode_strict(path, data, encoding)
        decoded = Decoded(text, encoding, byte_map(text, encoding))
    else:
        try:
            text = data.decode("utf-8")
            decoded = Decoded(text, "utf-8", byte_map(text, "utf-8"))
        except UnicodeDecodeError:
            decoded = _decode_not_utf8(path, data)
    _check_printable(path, decoded.text)
    return decoded


def _utf16_without_bom(path: Path, data: bytes) -> str:
    sample = data[:65536]
    half = max(1, len(sample) // 2)
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= _UTF16_NUL_SHARE * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls >= _UTF16_NUL_SHARE * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    raise NotTextError(path, "file contains binary data (NUL bytes), not text; is it really a text file?")


def _decode_strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = codecs.lookup(encoding).name.upper()
        raise NotTextError(
            path,
            f"file looks like {name} text but byte {exc.start:,} is not valid {name}; "
            "the file may be damaged: save it again as UTF-8",
        ) from None


def _decode_not_utf8(path: Path, data: bytes) -> Decoded:
    if len(_UTF8_SEQUENCE.findall(data, 0, 4_000_000)) >= _MIN_UTF8_SEQUENCES:
        return _decode_utf8_with_western_fallback(data)
    western = next((enc for enc in _WESTERN if _decodes(data, enc)), "latin-1")
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise NotTextError(
            path,
            "file is not readable text: it is not UTF-8 and no other encoding fits; "
            "save it as UTF-8 or check that it is not a binary file",
        )
    if _codec(best.encoding) not in map(_codec, _WESTERN) and "cp1252" not in best.could_be_from_charset:
        # Detection chose another encoding: keep it only when the Western reading is worse.
        as_western = from_bytes(data, cp_isolation=[western]).best()
        if as_western is None or as_western.chaos > best.chaos:
            text = data.decode(best.encoding)
            return Decoded(text, best.encoding, byte_map(text, best.encoding))
    text = data.decode(western)
    return Decoded(text, western, byte_map(text, western))


def _codec(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decode_utf8_with_western_fallback(data: bytes) -> Decoded:
    """UTF-8 where the bytes are valid UTF-8; each other byte in cp1252 (Latin-1 where cp1252 has
    no character), which is what a UTF-8 file with a Latin-1 or cp1252 stretch holds."""
    builder = TextBuilder()
    for match in _UTF8_RUN_OR_BYTE.finditer(data):
        if match.lastgroup == "utf8":
            builder.copy_encoded(match.group().decode("utf-8"), match.start())
        else:
            builder.copy(_western_char(data[match.start()]), match.start())
    text, offsets = builder.build()
    return Decoded(text, MIXED_ENCODING, offsets)


def _western_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # Latin-1, a C1 control character


def _check_printable(path: Path, text: str) -> None:
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


def byte_map(text: str, encoding: str) -> OffsetMap:
    """Map from the decoded characters to the file's bytes."""
    codec = _codec(encoding)
    prefix = 3 if codec == "utf-8-sig" else 0
    if codec in ("utf-8", "utf-8-sig"):
        builder = TextBuilder()
        builder.copy_encoded(text, prefix)
        return builder.build()[1]
    if codec in ("cp1252", "iso8859-1"):
        return OffsetMap.identity(len(text))  # one byte per character
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

    decoded = decode_text(path, data)
    flowed, flow_map = reflow(decoded.text)
    text, norm_map = normalize_text(flowed)
    offset_map = norm_map.compose(flow_map).compose(decoded.byte_map)
    structure = find_structure(text)
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        format="text",
        sha256=sha256_of(data),
        text=text,
        offset_map=offset_map,
        source_unit="byte",
        encoding=decoded.encoding,
        **structure,
    )
