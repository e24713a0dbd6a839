"""Hostile XML stays contained: entity bombs and deep nesting are refused with an error that says
what they are, external entities are never resolved, and a huge text node costs memory in
proportion to its size. These hold whatever parser ingest_jats uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import XmlError
from pipeline.ingest import ingest_file
from pipeline.ingest.jats import MAX_DEPTH


def _billion_laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE article [{"".join(entities)}]>'
        f"<article><body><p>&lol{levels - 1};</p></body></article>"
    ).encode()


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (_billion_laughs(), "billion laughs"),
        (
            b'<!DOCTYPE a [<!ENTITY a "&b;"><!ENTITY b "&a;">]><article><body><p>&a;</p></body></article>',
            "refers to itself",
        ),
    ],
    ids=["billion-laughs", "recursive-entity"],
)
def test_entity_bombs_are_refused_and_named(tmp_path: Path, content: bytes, phrase: str) -> None:
    with pytest.raises(XmlError) as caught:
        ingest_file(_write(tmp_path, "bomb.nxml", content))
    assert phrase in caught.value.message
    assert "truncated" not in caught.value.message
    assert "bomb.nxml" in str(caught.value)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE article [<!ENTITY secret SYSTEM "{uri}">]>',
        '<!DOCTYPE article [<!ENTITY % secret SYSTEM "{uri}"> %secret;]>',
        '<!DOCTYPE article SYSTEM "{uri}">',
    ],
    ids=["general-entity", "parameter-entity", "external-dtd"],
)
def test_external_entities_are_never_resolved(tmp_path: Path, doctype: str) -> None:
    secret = _write(tmp_path, "secret.txt", b"TOP-SECRET-CONTENT")
    content = (
        doctype.format(uri=secret.as_uri())
        + "<article><body><p>Response rate was 47% &secret; in the cohort.</p></body></article>"
    )
    path = _write(tmp_path, "xxe.nxml", content.encode())
    try:
        document = ingest_file(path)
    except XmlError as refused:
        assert "TOP-SECRET" not in refused.message + refused.detail
        return
    assert "Response rate was 47%" in document.text
    assert "TOP-SECRET" not in document.text


def test_nesting_depth_is_bounded(tmp_path: Path) -> None:
    depth = 50 * MAX_DEPTH
    content = b"<article><body>" + b"<p>" * depth + b"deep" + b"</p>" * depth + b"</body></article>"
    with pytest.raises(XmlError) as caught:
        ingest_file(_write(tmp_path, "deep.nxml", content))
    assert f"nested more than {MAX_DEPTH} deep" in caught.value.message
    # Articles as they are written stay well inside the bound.
    shallow = b"<article><body>" + b"<sec>" * 40 + b"<p>fine</p>" + b"</sec>" * 40 + b"</body></article>"
    assert ingest_file(_write(tmp_path, "shallow.nxml", shallow)).text.strip() == "fine"


_PEAK_MEMORY = """
import json, resource, sys
from pathlib import Path
from pipeline.ingest.jats import ingest_jats
size = int(sys.argv[1])
words = ("response rate was 47.3% " * (size // 24 + 1))[:size].rsplit(" ", 1)[0]
data = b"<article><body><p>" + words.encode() + b"</p></body></article>"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = ingest_jats(Path("node.nxml"), data).text
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"chars": len(text), "before_kb": before, "after_kb": after}))
"""


def test_a_50_mb_text_node_is_read_in_bounded_memory() -> None:
    size = 50_000_000
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY, str(size)], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout)
    assert figures["chars"] > 0.99 * size
    grown_mb = (figures["after_kb"] - figures["before_kb"]) / 1024
    # The input, the text and its normalized copy: a small multiple of the node, never gigabytes.
    assert grown_mb < 8 * size / 1e6, figures
