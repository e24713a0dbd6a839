"""The review page in a real browser, end to end (issue #13's acceptance): headless Chromium from
Debian, driven over DevTools (tests/browser.py), against `trialsift review` serving the seed outputs.

A reviewer decides the DESTINY-Breast03 intracranial ORR conflict and marks one figure (TBCRC 022's
cohort OS in doc 000) as an extraction error; `trialsift run corpus/` runs again and both are kept;
then doc 002's 65.7% becomes 66.7% in a copy of the corpus, and the decision is flagged stale while
the extraction error, in an unchanged document, holds. A document carrying `<script>` runs nothing
on the page or in its document view.
Skipped, with the reason, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import CHROMIUM, Browser
from tests.conftest import CORPUS, REPO

DOC_002 = "002_037838af1f3e9c8f.txt"
HOSTILE = (
    "Hostile <script>document.title='pwned'</script>\n\n"
    "This paper reports no figures <img src=x onerror=\"document.title='pwned'\">.\n"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run this"
        )
    with Browser(tmp_path_factory.mktemp("chromium") / "profile") as chromium:
        yield chromium


def trialsift(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def review_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    out = tmp_path / "out"
    trialsift("run", str(CORPUS), "--out", str(out), "-q")
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "review", str(out)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        assert line.startswith("Review page: http://127.0.0.1:"), line + (
            server.stderr.read() if server.stderr else ""
        )
        yield line.split()[2], out
    finally:
        server.terminate()
        server.wait(timeout=30)


def js(value: str) -> str:
    return json.dumps(value)


def decisions_csv(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "decisions.csv", dtype=str, keep_default_na=False)


def test_decisions_outlive_re_runs_and_go_stale(
    browser: Browser, review_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, out = review_server
    browser.load(url)
    assert browser.evaluate("document.querySelectorAll('article.conflict').length") == 13

    # 1. The DESTINY-Breast03 intracranial ORR conflict (trastuzumab deruxtecan arm): "both are right".
    conflict_id = browser.evaluate(
        "[...document.querySelectorAll('article.conflict')].find(a => a.querySelector('.key').textContent"
        ".includes('DESTINY-Breast03 · CNS ORR · rate · trastuzumab deruxtecan')).id.slice(2)"
    )
    article = f"document.getElementById({js('c-' + conflict_id)})"
    browser.load(
        url.rstrip("/") + browser.evaluate(f"{article}.querySelector('a.decide-link').getAttribute('href')")
    )
    browser.submit(
        "(() => { const f = document.getElementById('decide');"
        " f.querySelector('input[value=both]').checked = true;"
        " f.note.value = 'different data cut-offs'; f.reviewer.value = 'Ann'; f.submit(); })()"
    )
    assert "both are right" in browser.evaluate(f"{article}.querySelector('.decision').textContent")

    # 2. TBCRC 022's cohort OS of doc 000, from its document view: an extraction error.
    browser.load(url)
    assert "both are right" in browser.evaluate(f"{article}.querySelector('.decision').textContent")
    tbcrc = (
        "[...document.querySelectorAll('article.conflict')].find(a => "
        "a.querySelector('.key').textContent.includes('TBCRC 022'))"
    )
    figure_id = browser.evaluate(f"{tbcrc}.querySelector('.side code').textContent")
    browser.load(url.rstrip("/") + browser.evaluate(f"{tbcrc}.querySelector('.side a').getAttribute('href')"))
    assert browser.evaluate("document.getElementById('figure').textContent") == "15.1"
    assert "000_" in browser.evaluate("document.querySelector('.sub').textContent")
    browser.submit(
        "(() => { const f = document.querySelector('form.decide'); f.reviewer.value = 'Ann'; f.submit(); })()"
    )
    row = f"document.getElementById({js('m-' + figure_id)})"
    assert browser.evaluate(f"{row}.querySelector('.badge.review').textContent") == "extraction error"

    def check_kept(conflict_state: str) -> None:
        browser.load(url)
        assert browser.evaluate(f"!!{tbcrc}") is False
        assert browser.evaluate("document.querySelectorAll('article.conflict').length") == 12
        measurements = pd.read_csv(out / "measurements.csv", dtype=str, keep_default_na=False)
        assert list(measurements.loc[measurements["measurement_id"] == figure_id, "review_status"]) == [
            "extraction_error"
        ]
        conflicts = pd.read_csv(out / "conflicts.csv", dtype=str, keep_default_na=False)
        assert figure_id not in set(conflicts["measurement_id_a"]) | set(conflicts["measurement_id_b"])
        states = dict(zip(decisions_csv(out)["id"], decisions_csv(out)["state"], strict=True))
        assert states == {conflict_id: conflict_state, figure_id: "current"}
        decisions = browser.evaluate("document.getElementById('decisions').textContent")
        assert ("stale, re-check" in decisions) == (conflict_state == "stale")

    # 3-4. A re-run of the unchanged corpus keeps both.
    trialsift("run", str(CORPUS), "--out", str(out), "-q")
    check_kept("current")
    assert "both are right" in browser.evaluate(f"{article}.querySelector('.decision').textContent")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "both are right" in report and "different data cut-offs" in report

    # 5. One of the conflict's values changes in a copy of the corpus: the decision is stale, not lost.
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    text = (corpus / DOC_002).read_text(encoding="utf-8")
    assert text.count("intracranial ORR was 65.7%") == 1
    (corpus / DOC_002).write_text(text.replace("intracranial ORR was 65.7%", "intracranial ORR was 66.7%"))
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    trialsift("run", str(corpus), "--out", str(out), "-q")
    check_kept("stale")
    assert "stale, re-check" in (out / "report.html").read_text(encoding="utf-8")

    # A document that carries <script> runs nothing, on the page or in its document view.
    for path in ("", "documents/hostile"):
        browser.load(url + path)
        assert browser.evaluate("document.title").endswith("trialsift review")
        assert browser.evaluate("document.querySelectorAll('script, img').length") == 0
    assert "<script>document.title='pwned'</script>" in browser.evaluate("document.body.textContent")
