from __future__ import annotations

import pytest

from pipeline.textmap import OffsetMap, TextBuilder


def build_sample() -> tuple[str, str, OffsetMap]:
    source = "ab·cd[12]ef"
    builder = TextBuilder()
    builder.copy("ab", 0)
    builder.replace(".", 2, 3)  # same length: stays one-to-one
    builder.copy("cd", 3)
    # "[12]" at 5..9 produces nothing
    builder.insert("\n", 9)
    builder.replace("EF!", 9, 11)  # two source chars become three
    text, offset_map = builder.build()
    return source, text, offset_map


def test_builder_text_and_merged_segments() -> None:
    _, text, offset_map = build_sample()
    assert text == "ab.cd\nEF!"
    # "ab", "." and "cd" merge into one one-to-one run.
    assert offset_map.segments()[0] == (0, 5, 0, 5)


@pytest.mark.parametrize(
    ("out_span", "source_span"),
    [
        ((0, 2), (0, 2)),  # copied
        ((2, 3), (2, 3)),  # substituted middle dot
        ((3, 5), (3, 5)),
        ((5, 6), (9, 9)),  # inserted separator: empty source span at its position
        ((6, 9), (9, 11)),  # replacement: the whole source range
        ((7, 8), (9, 11)),
        ((4, 7), (4, 11)),  # crosses the dropped citation marker
    ],
)
def test_to_source(out_span: tuple[int, int], source_span: tuple[int, int]) -> None:
    _, _, offset_map = build_sample()
    assert offset_map.to_source(*out_span) == source_span


def test_to_source_outside_text_is_an_error() -> None:
    _, text, offset_map = build_sample()
    with pytest.raises(IndexError):
        offset_map.source_start(len(text))


def test_compose_points_at_the_original() -> None:
    original = "x  café  y"
    first = TextBuilder()  # collapse the double spaces
    first.copy("x", 0)
    first.replace(" ", 1, 3)
    first.copy("café", 3)
    first.replace(" ", 7, 9)
    first.copy("y", 9)
    middle, first_map = first.build()
    second = TextBuilder()  # upper-case "café" only
    second.copy(middle[:2], 0)
    second.replace("CAFÉ", 2, 6)
    second.copy(middle[6:], 6)
    final, second_map = second.build()
    composed = second_map.compose(first_map)
    assert final == "x CAFÉ y"
    assert composed.to_source(2, 6) == (3, 7)
    assert original[slice(*composed.to_source(0, 1))] == "x"
    assert composed.to_source(1, 2) == (1, 3)
    assert original[slice(*composed.to_source(7, 8))] == "y"


def test_copy_encoded_maps_to_utf8_bytes() -> None:
    text = "a·b – c"
    builder = TextBuilder()
    end = builder.copy_encoded(text, 10)
    _, offset_map = builder.build()
    raw = text.encode("utf-8")
    assert end == 10 + len(raw)
    for i in range(len(text)):
        start, stop = offset_map.to_source(i, i + 1)
        assert raw[start - 10 : stop - 10].decode("utf-8") == text[i]


def test_bytes_round_trip_and_output_position() -> None:
    _, _, offset_map = build_sample()
    restored = OffsetMap.from_bytes(offset_map.to_bytes())
    assert restored.segments() == offset_map.segments()
    assert restored.output_position(3) == 3
    assert restored.output_position(7) == 5  # inside the dropped marker: where the text resumes
    assert restored.output_position(10) == 6


def test_source_boxes_travel_with_the_map() -> None:
    from pipeline.textmap import Box, SourceBoxes

    inner = OffsetMap.identity(20)
    inner.source_boxes = SourceBoxes()
    inner.source_boxes.add(0, 10, Box(1, 50.0, 100.0, 120.0, 110.0))
    inner.source_boxes.add(10, 20, Box(1, 125.0, 100.5, 200.0, 110.0))  # same printed line
    outer = OffsetMap.identity(20)
    composed = outer.compose(inner)
    assert composed.boxes(2, 15) == [Box(1, 50.0, 100.0, 200.0, 110.0)]
    restored = OffsetMap.from_bytes(composed.to_bytes())
    assert restored.boxes(12, 13) == [Box(1, 125.0, 100.5, 200.0, 110.0)]
    assert restored.segments() == composed.segments()
    assert OffsetMap.identity(5).boxes(0, 3) == []
