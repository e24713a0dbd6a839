"""Reviewers' decisions (pipeline/decisions.py, pipeline/review.py) and the review page
(pipeline/review_app.py), on small output folders built without the NLP pipeline."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pipeline.batch import write_reconciliation
from pipeline.cli import main
from pipeline.decisions import DecisionError, measurement_keys, validate, with_measurement_ids, with_states
from pipeline.records import Decision, Measurement
from pipeline.review import import_decisions, record_decision, reviewed_outputs
from pipeline.review_app import ReviewSession, create_app
from pipeline.store import DocumentStore
from tests.review_data import build_outputs, figure
from tests.test_publish import hold_lock

SCRIPT = "<script>document.title='pwned'</script>"
HER2CLIMB_OS = {
    "trial": "HER2CLIMB",
    "endpoint": "OS",
    "cns": False,
    "measure": "median",
    "arm": "tucatinib + trastuzumab + capecitabine",
    "population": "",
    "unit": "months",
}
TITLES = {"doc_a": "Trastuzumab deruxtecan in brain metastases", "doc_b": f"A review {SCRIPT}"}


def figures(orr_b: str = "65.7") -> list[dict[str, Any]]:
    return [
        figure("doc_a", "The intracranial ORR was 63.9% with T-DXd.", "63.9"),
        figure("doc_a", "Median OS was 21.6 months in HER2CLIMB.", "21.6", **HER2CLIMB_OS),
        figure("doc_b", f"The confirmed intracranial ORR was {orr_b}% {SCRIPT}.", orr_b),
        figure("doc_b", "HER2CLIMB reported a median OS of 18.1 months.", "18.1", **HER2CLIMB_OS),
    ]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return build_outputs(tmp_path / "out", figures(), TITLES)


def reviewed(out: Path) -> Any:
    with DocumentStore.in_folder(out) as store:
        return reviewed_outputs(store)


def conflict_on(out: Path, endpoint: str) -> dict[str, Any]:
    conflicts = reviewed(out).conflicts
    return conflicts[conflicts["endpoint"] == endpoint].iloc[0].to_dict()


def decide(out: Path, target: str, target_id: str, choice: str, **correction: str) -> Decision:
    """Record a decision and rewrite the outputs, as the review page does."""
    with DocumentStore.in_folder(out) as store:
        decision = record_decision(
            store, reviewed_outputs(store), target, target_id, choice, correction, "a note", "Ann"
        )
        write_reconciliation(store, out)
    return decision


def measurement_id(out: Path, value: float) -> str:
    measurements = reviewed(out).measurements
    return str(measurements[measurements["value"] == value]["measurement_id"].iloc[0])


def csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


# ---------------------------------------------------------------------------------------------
# Identity and state


def _measurement(**fields: Any) -> Measurement:
    base = {**dict.fromkeys(f.name for f in dataclasses.fields(Measurement)), "cns": False}
    return Measurement(**{**base, "doc_id": "d", "evidence": "ORR 50% and 50%.", "value": 50.0, **fields})


def test_measurement_ids_are_stable_unique_and_do_not_move_with_the_text() -> None:
    first = _measurement(value_text="50", char_start=4)
    second = _measurement(value_text="50", char_start=12)
    ids = [m.measurement_id for m in with_measurement_ids([first, second])]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert [m.measurement_id for m in with_measurement_ids([first, second])] == ids
    shifted = [dataclasses.replace(m, char_start=m.char_start + 300) for m in (first, second)]
    assert [m.measurement_id for m in with_measurement_ids(shifted)] == ids
    other = with_measurement_ids([_measurement(value_text="50", evidence="ORR 50% and 51%.")])
    assert other[0].measurement_id not in ids


@pytest.mark.parametrize(
    ("change", "state"),
    [
        ({}, "current"),
        ({"value_text": "51", "value": 51.0}, "stale"),
        ({"evidence": "ORR 50% (updated)."}, "stale"),
        ({"arm": "placebo"}, "stale"),
        ({"sha": "other"}, "stale"),
    ],
)
def test_a_decision_is_stale_when_its_evidence_changed(change: dict[str, Any], state: str) -> None:
    row = {"measurement_id": "m1", "doc_id": "d", "value_text": "50", "value": 50.0, "evidence": "ORR 50%."}
    keys = measurement_keys(pd.DataFrame([row]), {"d": "sha"})
    decision = Decision("measurement", "m1", "extraction_error", "", "", "", "2026-01-01", "", keys["m1"])
    sha = change.pop("sha", "sha")
    later = measurement_keys(pd.DataFrame([{**row, **change}]), {"d": sha})
    assert with_states([decision], later)[0].state == state


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": "trial"}, "target must be"),
        ({"decision": "maybe"}, "one of a, b, both"),
        ({"decision": "corrected", "target": "measurement"}, "needs the corrected fields"),
        ({"decision": "a", "correction": '{"arm": "x"}'}, "only an extraction error"),
        ({"decision": "extraction_error_a", "correction": '{"value": "1"}'}, "cannot correct value"),
        ({"decision": "extraction_error_a", "correction": "{arm"}, "not valid JSON"),
    ],
)
def test_bad_decisions_are_refused_with_the_reason(fields: dict[str, str], message: str) -> None:
    base = {"target": "conflict", "id": "c1", "decision": "a", "correction": ""}
    decision = Decision(**{**base, **fields}, note="", reviewer="", decided_at="", state="")
    with pytest.raises(DecisionError, match=message):
        validate(decision)


# ---------------------------------------------------------------------------------------------
# Effects across re-runs


def test_new_columns_and_decisions_csv(out: Path) -> None:
    measurements = csv(out, "measurements")
    assert {"measurement_id", "review_status"} <= set(measurements.columns)
    assert measurements["measurement_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert set(measurements["review_status"]) == {""}
    assert list(csv(out, "decisions").columns[:8]) == [
        "target", "id", "decision", "correction", "note", "reviewer", "decided_at", "state"
    ]  # fmt: skip
    assert len(csv(out, "conflicts")) == 2


def test_a_decided_conflict_stays_decided_and_goes_stale_when_its_document_changes(out: Path) -> None:
    conflict = conflict_on(out, "ORR")
    decide(out, "conflict", conflict["conflict_id"], "both")
    build_outputs(out, figures(), TITLES)  # a re-run, nothing changed
    rows = csv(out, "decisions")
    assert list(zip(rows["id"], rows["decision"], rows["state"], strict=True)) == [
        (conflict["conflict_id"], "both", "current")
    ]
    assert "both are right" in (out / "report.html").read_text(encoding="utf-8")
    build_outputs(out, figures(orr_b="66.7"), TITLES)  # doc_b's value changed
    rows = csv(out, "decisions")
    assert list(zip(rows["id"], rows["state"], strict=True)) == [(conflict["conflict_id"], "stale")]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "stale, re-check" in report
    build_outputs(out, figures(), TITLES)  # changed back: the evidence is what it was decided on
    assert list(csv(out, "decisions")["state"]) == ["current"]


def test_an_extraction_error_leaves_reconciliation_and_stays_marked(out: Path) -> None:
    target = measurement_id(out, 18.1)
    decide(out, "measurement", target, "extraction_error")
    for _ in range(2):  # the decision itself, then an unchanged re-run
        measurements = csv(out, "measurements").set_index("measurement_id")
        assert measurements.loc[target, "review_status"] == "extraction_error"
        assert (measurements.drop(target)["review_status"] == "").all()
        assert list(csv(out, "conflicts")["endpoint"]) == ["ORR"]
        build_outputs(out, figures(), TITLES)


def test_an_extraction_error_on_a_side_with_a_correction_is_applied_as_a_correction(out: Path) -> None:
    conflict = conflict_on(out, "ORR")
    decide(
        out, "conflict", conflict["conflict_id"], "extraction_error_b", population="leptomeningeal disease"
    )
    measurements = csv(out, "measurements").set_index("measurement_id")
    corrected = measurements.loc[conflict["measurement_id_b"]]
    assert (corrected["review_status"], corrected["population"]) == ("corrected", "leptomeningeal disease")
    assert measurements.loc[conflict["measurement_id_a"], "review_status"] == ""
    assert "ORR" not in set(csv(out, "conflicts")["endpoint"])  # no longer the same population
    assert "corrected population → “leptomeningeal disease”" in (out / "report.html").read_text("utf-8")


def test_a_landmark_rates_time_point_is_corrected_and_reconciled_by_it(tmp_path: Path) -> None:
    dfs = {**HER2CLIMB_OS, "endpoint": "DFS", "measure": "landmark_rate", "unit": "%", "timepoint": "5 years"}
    out = build_outputs(
        tmp_path / "out",
        [
            figure("doc_a", "The 5-year DFS rate was 80% in HER2CLIMB.", "80", **dfs),
            figure("doc_b", "In HER2CLIMB, 5-year DFS was 70%.", "70", **dfs),
        ],
        TITLES,
    )
    assert list(csv(out, "conflicts")["timepoint"]) == ["5 years"]
    decide(out, "measurement", measurement_id(out, 70.0), "corrected", timepoint="3 years")
    corrected = csv(out, "measurements").query("value_text == '70'").iloc[0]
    assert (corrected["review_status"], corrected["timepoint"]) == ("corrected", "3 years")
    assert csv(out, "conflicts").empty  # a 3-year and a 5-year rate are never compared


def test_decisions_csv_round_trips_into_a_fresh_output_folder(out: Path, tmp_path: Path) -> None:
    decide(out, "conflict", conflict_on(out, "OS")["conflict_id"], "b")
    decide(out, "measurement", measurement_id(out, 63.9), "corrected", arm="trastuzumab emtansine")
    exported = csv(out, "decisions")
    fresh = build_outputs(tmp_path / "fresh", figures(), TITLES)
    result = CliRunner().invoke(main, ["review", str(fresh), "--import", str(out / "decisions.csv")])
    assert result.exit_code == 0, result.output
    assert "Imported 2 decision(s)" in result.output
    pd.testing.assert_frame_equal(csv(fresh, "decisions"), exported)
    assert (csv(fresh, "measurements")["review_status"] == "corrected").sum() == 1
    assert csv(fresh, "conflicts").equals(csv(out, "conflicts"))


def test_hand_written_rows_are_tied_to_the_current_outputs_and_bad_rows_named(out: Path) -> None:
    sheet = out.parent / "sheet.csv"
    target = measurement_id(out, 21.6)
    sheet.write_text(
        "target,id,decision,note,reviewer\n"
        f"measurement,{target},extraction_error,typo in table,Bo\n"
        "conflict,abc,perhaps,,Bo\n"
        "measurement,gone0000000000000,extraction_error,,Bo\n",
        encoding="utf-8",
    )
    with DocumentStore.in_folder(out) as store:
        imported, problems = import_decisions(store, sheet)
    assert imported == 2
    assert problems == [f"{sheet} line 3: a conflict decision is one of a, b, both, neither, "
                        "extraction_error_a, extraction_error_b, not 'perhaps'"]  # fmt: skip
    states = {d.id: d.state for d in reviewed(out).decisions}
    assert states == {target: "current", "gone0000000000000": "stale"}


def test_import_of_a_file_that_is_not_decisions(out: Path) -> None:
    sheet = out.parent / "other.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(out), "--import", str(sheet)])
    assert result.exit_code == 2 and f"{sheet}: no column target, id, decision" in result.output


def test_new_and_gone_conflicts_since_the_previous_run(tmp_path: Path) -> None:
    out = build_outputs(tmp_path / "out", figures()[:3], TITLES)
    assert "first run" in (out / "report.html").read_text("utf-8")
    build_outputs(out, figures(), TITLES)  # doc_b now also reports HER2CLIMB OS
    model = reviewed(out)
    os_conflict = model.conflicts[model.conflicts["endpoint"] == "OS"]["conflict_id"].iloc[0]
    assert model.new_conflicts == {os_conflict} and model.gone_conflicts == {}
    report = (out / "report.html").read_text("utf-8")
    assert report.count("new since the previous run</span>") == 1
    build_outputs(out, figures()[:3], TITLES)
    model = reviewed(out)
    assert model.new_conflicts == set() and list(model.gone_conflicts) == [os_conflict]
    assert "HER2CLIMB · OS · median" in (out / "report.md").read_text("utf-8")


# ---------------------------------------------------------------------------------------------
# The page


@pytest.fixture
def page(out: Path) -> tuple[TestClient, ReviewSession]:
    session = ReviewSession(out)
    return TestClient(create_app(session), base_url="http://127.0.0.1:8765"), session


def post(client: TestClient, **form: str) -> Any:
    return client.post("/decisions", data=form, follow_redirects=False)


def test_the_page_lists_conflicts_and_checks_escaped(page: tuple[TestClient, ReviewSession]) -> None:
    client, _ = page
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src" not in response.headers["content-security-policy"]  # none at all: default-src
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    body = response.text
    assert body.count('<article class="conflict') == 2
    assert "<script" not in body and "&lt;script&gt;document.title=" in body
    assert 'Trastuzumab deruxtecan in brain metastases</b> <span class="file">doc_a' in body
    assert 'href="/documents/doc_a?start=' in body


def test_filters(page: tuple[TestClient, ReviewSession], out: Path) -> None:
    client, _ = page
    assert client.get("/", params={"trial": "HER2CLIMB"}).text.count('<article class="conflict') == 1
    assert client.get("/", params={"state": "decided"}).text.count('<article class="conflict') == 0
    decide(out, "conflict", conflict_on(out, "ORR")["conflict_id"], "a")
    decided = client.get("/", params={"state": "decided"}).text
    assert decided.count('<article class="conflict') == 1 and "side A is right" in decided
    assert client.get("/", params={"state": "undecided"}).text.count('<article class="conflict') == 1
    assert client.get("/", params={"severity": "nothing"}).text.count('<article class="conflict') == 0


def test_posts_need_the_session_token(page: tuple[TestClient, ReviewSession], out: Path) -> None:
    client, session = page
    conflict_id = conflict_on(out, "ORR")["conflict_id"]
    form = {"target": "conflict", "id": conflict_id, "decision": "a", "reviewer": "Eve"}
    assert post(client, **form).status_code == 403
    assert post(client, **form, token="guess").status_code == 403
    assert reviewed(out).decisions == []
    response = post(client, **form, token=session.token, return_to="https://elsewhere.example/")
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert [(d.id, d.decision, d.reviewer) for d in reviewed(out).decisions] == [(conflict_id, "a", "Eve")]
    bad = post(client, **{**form, "decision": "maybe"}, token=session.token)
    assert bad.status_code == 400 and "not &#39;maybe&#39;" in bad.text


def test_a_conflict_is_decided_on_its_own_page(page: tuple[TestClient, ReviewSession], out: Path) -> None:
    client, session = page
    conflict_id = conflict_on(out, "ORR")["conflict_id"]
    assert f'href="/conflicts/{conflict_id}"' in client.get("/").text
    view = client.get(f"/conflicts/{conflict_id}")
    assert view.status_code == 200 and view.text.count("<form") == 1
    assert f'name="token" value="{session.token}"' in view.text and "<script" not in view.text
    form = {"target": "conflict", "id": conflict_id, "decision": "extraction_error_a", "reviewer": "Ann"}
    sent = post(
        client,
        **form,
        correct_arm=" trastuzumab emtansine ",
        token=session.token,
        return_to=f"/conflicts/{conflict_id}",
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/conflicts/{conflict_id}"
    assert [d.correction for d in reviewed(out).decisions] == ['{"arm": "trastuzumab emtansine"}']
    assert client.get("/conflicts/0000").status_code == 404


def test_a_decision_is_refused_while_a_run_writes_the_outputs(
    page: tuple[TestClient, ReviewSession], out: Path
) -> None:
    client, session = page
    conflict_id = conflict_on(out, "ORR")["conflict_id"]
    form = {
        "target": "conflict",
        "id": conflict_id,
        "decision": "a",
        "reviewer": "Ann",
        "token": session.token,
    }
    holder = hold_lock(out)  # as a `trialsift run` on the folder would
    try:
        busy = post(client, **form)
        assert busy.status_code == 409 and f"PID {holder.pid}" in busy.text
        assert reviewed(out).decisions == []
    finally:
        holder.kill()
        holder.wait()
    assert post(client, **form).status_code == 303
    assert [(d.id, d.decision) for d in reviewed(out).decisions] == [(conflict_id, "a")]
    assert (out / "decisions.csv").is_symlink() and csv(out, "decisions")["id"].tolist() == [conflict_id]


def test_requests_for_another_host_are_refused(page: tuple[TestClient, ReviewSession]) -> None:
    client, _ = page
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_the_document_view(page: tuple[TestClient, ReviewSession], out: Path) -> None:
    client, session = page
    row = csv(out, "measurements").query("value_text == '65.7'").iloc[0]
    view = client.get(f"/documents/doc_b?start={row['char_start']}&end={row['char_end']}")
    assert view.status_code == 200
    assert '<mark id="figure">65.7</mark>' in view.text and "section “Results”" in view.text
    assert view.text.count("<form") == 1 and f'value="{row["measurement_id"]}"' in view.text
    assert "<script" not in view.text and "A review &lt;script&gt;" in view.text
    assert client.get("/documents/nope").status_code == 404
    marked = post(
        client,
        token=session.token,
        target="measurement",
        id=row["measurement_id"],
        decision="extraction_error",
        reviewer="Ann",
        return_to="/documents/doc_b",
    )
    assert marked.status_code == 303 and marked.headers["location"] == "/documents/doc_b"
    assert "extraction error</span>" in client.get("/documents/doc_b").text
    assert client.get("/").text.count('<article class="conflict') == 1  # the ORR conflict is gone
    other = csv(out, "measurements").query("value_text == '18.1'").iloc[0]
    post(
        client,
        token=session.token,
        target="measurement",
        id=other["measurement_id"],
        decision="extraction_error",
        correct_endpoint="PFS",
        reviewer="Ann",
    )
    corrected = csv(out, "measurements").query("value_text == '18.1'").iloc[0]
    assert (corrected["review_status"], corrected["endpoint"]) == ("corrected", "PFS")
    assert client.get("/").text.count('<article class="conflict') == 0  # OS 21.6 vs PFS 18.1: no conflict


def test_review_needs_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(tmp_path)])
    assert result.exit_code == 2 and "holds no trialsift store" in result.output


def test_an_old_store_gains_the_new_columns(out: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(out, old)
    with DocumentStore.in_folder(old) as store:
        store.connection.execute("ALTER TABLE measurements DROP COLUMN review_status")
    with DocumentStore.in_folder(old) as store:
        assert len(store.measurement_rows()) == 4
