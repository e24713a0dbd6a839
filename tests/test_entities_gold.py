"""Floors on the seeds' hand-made gold. Raise them as the pipeline improves; never lower them."""

from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate_entities
from pipeline.nlp import document_entities, shared_pipeline
from tests.conftest import CORPUS, REPO

FLOORS = {  # label: (precision, recall) for span + canonical form
    "DRUG": (0.99, 0.98),
    "TRIAL": (0.99, 0.97),
    "REGISTRY_ID": (0.99, 0.99),
}


@pytest.fixture(scope="module")
def evaluation():
    nlp = shared_pipeline()
    return evaluate_entities(REPO / "annotations", CORPUS, lambda d, text: document_entities(nlp, d, [text]))


@pytest.mark.parametrize("label", sorted(FLOORS))
def test_entity_scores_meet_floors(evaluation, label: str) -> None:
    score = evaluation.canonical[label]
    precision, recall = FLOORS[label]
    assert score.precision >= precision and score.recall >= recall, (label, score.precision, score.recall)


def test_evaluate_command(evaluation) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["evaluate", str(REPO / "annotations"), "--corpus", str(CORPUS)])
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("DRUG")
