"""The trained arm chooser: it loads from the package's own files (no download), says clearly when
they are missing, reads a value's words with its candidate arms marked, and, when enabled, gives an
arm the rules leave open one of the arms the paper names, without moving the value; its training
reads its examples' sides as `bench/pico_dev.py` scores them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from pipeline.efficacy import arm_chooser, extract_measurements
from pipeline.efficacy.arm_chooser import ArmChooser, ArmChooserMissingError
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Measurement
from pipeline.training.arm_chooser import read_examples

NAMED = (
    "Patients were randomly assigned to receive anastrozole or exemestane. Clinical benefit in visceral "
    "sites was 32% of the patients treated with anastrozole and 38% of the patients treated with exemestane."
)
# The rules give the figure no arm: nothing names one, and it may be the whole trial's. The chooser,
# enabled, gives it one, which is why it is off (README, "A trained arm chooser"). ("95.1% for both
# groups" is the whole trial's by rule, before the chooser: tests/test_efficacy_arm_pmc.py.)
AMBIGUOUS = (
    "Patients were randomly assigned to letrozole or tamoxifen. Four-year overall survival was 95.1%. "
    "Recurrence was seen in 6% of the patients treated with letrozole."
)


def figures(tmp_path: Path, text: str) -> list[Measurement]:
    path = tmp_path / "abstract.txt"
    path.write_text(text + "\n\n(From a report of a breast cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    return extract_measurements(document, document_entities(shared_pipeline(), "abstract", [document.text]))


def test_the_model_loads_from_the_package_files() -> None:
    packaged = Path(str(resources.files("pipeline").joinpath("models", "arm_chooser")))
    assert packaged == arm_chooser.MODEL_DIR
    chooser = ArmChooser(packaged)
    assert chooser.nlp.pipe_names == ["textcat"]
    assert set(chooser.textcat.labels) == {"YES", "NO"}
    # The model is small and plain spaCy: no vectors to fetch.
    assert sum(f.stat().st_size for f in packaged.rglob("*") if f.is_file()) < 3_000_000
    assert chooser.nlp.vocab.vectors.shape[0] == 0


def test_a_missing_model_is_a_clear_error_naming_its_folder(tmp_path: Path) -> None:
    with pytest.raises(ArmChooserMissingError, match=str(tmp_path / "gone")):
        ArmChooser(tmp_path / "gone")


def test_it_reads_the_value_with_each_candidate_arm_marked(tmp_path: Path) -> None:
    with arm_chooser.recording() as seen:
        found = {m.value_text: m for m in figures(tmp_path, NAMED)}
    read = next(r for r in seen if r.value_start == found["32"].char_start)
    assert set(read.candidates) == {"anastrozole", "exemestane"}
    for name, words in zip(read.candidates, read.words, strict=True):
        at = words.index("VALUE")
        mark = "CAND" if name == "anastrozole" else "OTHER"
        # the window ends 8 words after the value
        assert words[at - 1 :] == (
            "was",
            "VALUE",
            "%",
            "of",
            "the",
            "patients",
            "treated",
            "with",
            mark,
            "and",
        )
        # what the rules chose, from what they read: the arm named right after the value
        assert "evidence_named" in words and ("rule_this" if mark == "CAND" else "rule_other") in words
        assert not {"anastrozole", "exemestane"} & set(words)  # the arms are placeholders only


def test_off_the_rules_arms_stand(tmp_path: Path) -> None:
    assert not arm_chooser.ENABLED
    found = {m.value_text: m.arm for m in figures(tmp_path, AMBIGUOUS)}
    assert found["95.1"] == ""


def test_enabled_it_gives_an_open_value_one_of_the_papers_arms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {m.value_text: m for m in figures(tmp_path, AMBIGUOUS)}
    monkeypatch.setattr(arm_chooser, "ENABLED", True)
    # Every score admitted: what is tested is where the chosen arm comes from and what it leaves
    # alone, not how sure the model retrained on the corpus is of this one sentence.
    monkeypatch.setattr(arm_chooser, "MIN_SCORE", 0.0)
    after = {m.value_text: m for m in figures(tmp_path, AMBIGUOUS)}
    assert after["95.1"].arm in ("letrozole", "tamoxifen")
    assert after["95.1"].arm_text in AMBIGUOUS  # the paper's words, never made up
    # Provenance and every other field are unchanged; an arm the rules read stays theirs.
    assert (after["95.1"].char_start, after["95.1"].char_end) == (
        before["95.1"].char_start,
        before["95.1"].char_end,
    )
    assert after["95.1"].value == before["95.1"].value and after["95.1"].endpoint == before["95.1"].endpoint
    assert after["6"] == before["6"] and before["6"].arm == "letrozole"


def _brat(folder: Path, pmid: str, text: str, spans: list[tuple[str, str]]) -> None:
    """An abstract and its annotations; each span is its label and its text's first occurrence."""
    (folder / f"{pmid}.txt").write_text(text, encoding="utf-8")
    lines = []
    for i, (label, mention) in enumerate(spans, 1):
        start = text.index(mention)
        lines.append(f"T{i}\t{label} {start} {start + len(mention)}\t{mention}")
    (folder / f"{pmid}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_training_places_each_arm_on_a_side_as_the_scorer_does(tmp_path: Path) -> None:
    text = (
        "Women with advanced breast cancer were randomly assigned to letrozole or tamoxifen. The "
        "objective response rate was 30% with letrozole and 20% with tamoxifen."
    )
    _brat(
        tmp_path,
        "1",
        text,
        [
            ("intervention", "letrozole"),
            ("control", "tamoxifen"),
            ("outcome", "objective response rate"),
            ("iv-bin-percent", "30%"),
            ("cv-bin-percent", "20%"),
        ],
    )
    examples = read_examples(tmp_path)
    assert [(e.gold_side, e.rule_side) for e in examples] == [("iv", "iv"), ("cv", "cv")]
    for example in examples:
        assert sorted(example.sides) == ["cv", "iv"]  # the design's two arms, one on each side
