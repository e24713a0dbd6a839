from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.nlp import BUNDLED_NER, chemical_ner, document_entities, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_pipeline_from_packaged_config(nlp) -> None:
    assert nlp.pipe_names == ["trialsift_sentences", "trialsift_entities"]
    doc = nlp("T-DXd improved intracranial ORR in DESTINY-Breast03 (NCT03529110). HER2-positive disease.")
    assert "T-DXd" in [t.text for t in doc] and "HER2-positive" in [t.text for t in doc]  # scispaCy tokenizer
    assert len(list(doc.sents)) == 2
    assert [(s.label_, s.text) for s in doc.spans["trialsift"]] == [
        ("DRUG", "T-DXd"),
        ("TRIAL", "DESTINY-Breast03"),
        ("REGISTRY_ID", "NCT03529110"),
    ]


def test_saved_pipeline_loads_with_spacy_load(nlp, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")  # factories found through entry points
    entities = document_entities(reloaded, "d1", ["Tucatinib was combined with capecitabine."])
    assert [(e.doc_id, e.canonical) for e in entities] == [("d1", "tucatinib"), ("d1", "capecitabine")]


def test_missing_optional_model_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    chemical_ner.cache_clear()
    model = chemical_ner("en_ner_bc5cdr_md_not_installed")
    assert "not installed" in caplog.text
    assert (model is None) == (not BUNDLED_NER.exists())
    assert chemical_ner("none") is None


def test_ner_is_used_for_unknown_codes_only() -> None:
    if not BUNDLED_NER.exists():
        pytest.skip("bundled NER model not present")
    nlp = load_pipeline({"components.trialsift_entities.ner_scope": "candidates"})
    text = "Patients received trastuzumab or the antibody-drug conjugate QX-4417 at 5.4 mg/kg."
    entities = document_entities(nlp, "d", [text])
    assert ("trastuzumab", "oncology_lexicon") in [(e.text, e.source) for e in entities]
    assert all(e.text != "mg" for e in entities)
