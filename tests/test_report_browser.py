"""report.html in a real browser: headless Chromium from Debian (`apt-get install -y chromium`).

Checks what a reviewer's browser does with the file: the conflicts and plots are in the rendered
DOM, a document that carries `<script>` or an `onerror=` image runs nothing (with and without the
page's Content-Security-Policy, so escaping alone is proven), and the page renders to a screenshot.
Skipped, with the reason, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from pipeline.reconcile import check_measurements, reconcile_measurements
from pipeline.report import write_report
from tests.browser import CHROMIUM, FLAGS
from tests.test_reconcile import gold_measurements
from tests.test_report import sample

TITLE = "<title>trialsift report</title>"


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run this"
        )
    return CHROMIUM


def run_chromium(chromium: Path, profile: Path, page: Path, *extra: str) -> str:
    # A throw-away profile per call: no state carried between runs, nothing written to $HOME.
    result = subprocess.run(
        [str(chromium), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(profile), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dump_dom(chromium: Path, tmp_path: Path, page: Path) -> str:
    # Virtual time lets an image's error event (and anything it would run) fire before the dump.
    profile = tmp_path / f"profile-{page.stem}"
    return run_chromium(chromium, profile, page, "--virtual-time-budget=3000", "--dump-dom")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    measurements = sample()
    conflicts = reconcile_measurements(measurements)
    out = tmp_path_factory.mktemp("browser-report")
    write_report(measurements, conflicts, check_measurements(measurements), out, documents=3)
    return out / "report.html", conflicts


def test_scripts_would_run_in_this_browser(chromium: Path, tmp_path: Path) -> None:
    """Control: an unescaped script and onerror handler do run here, so the checks below mean something."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>safe</title></head><body>"
        "<img src=missing.png onerror=\"document.body.dataset.hit='yes'\">"
        "<script>document.title='pwned'</script></body></html>",
        encoding="utf-8",
    )
    dom = dump_dom(chromium, tmp_path, page)
    assert "<title>pwned</title>" in dom
    assert 'data-hit="yes"' in dom


def test_conflicts_and_plots_are_in_the_rendered_dom(
    chromium: Path, tmp_path: Path, report: tuple[Path, pd.DataFrame]
) -> None:
    page, conflicts = report
    dom = dump_dom(chromium, tmp_path, page)
    assert TITLE in dom
    assert dom.count('<article class="conflict') == len(conflicts) == 4
    for conflict_id in conflicts["conflict_id"]:
        assert f'id="c-{conflict_id}"' in dom
    assert dom.count("<svg") == 2
    assert "<mark>63.9</mark>" in dom and "<mark>65.7</mark>" in dom


def test_a_hostile_document_runs_nothing(
    chromium: Path, tmp_path: Path, report: tuple[Path, pd.DataFrame]
) -> None:
    page, _ = report
    without_csp = tmp_path / "no-csp.html"
    html = page.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
    assert stripped != html
    without_csp.write_text(stripped, encoding="utf-8")
    for candidate in (page, without_csp):
        dom = dump_dom(chromium, tmp_path, candidate)
        assert TITLE in dom, candidate.name
        assert "pwned</title>" not in dom
        assert "<script" not in dom and "<img" not in dom
        # The document's text is still there, as text.
        assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
        assert "&lt;img src=x onerror=\"document.title='pwned'\"&gt;" in dom


def test_gold_report_renders(chromium: Path, tmp_path: Path) -> None:
    """The real thing on two trials of the gold (the whole gold takes a while to plot)."""
    gold = gold_measurements()
    measurements = gold[gold["trial"].isin(["HER2CLIMB", "DESTINY-Breast03"])].reset_index(drop=True)
    conflicts = reconcile_measurements(measurements)
    out = tmp_path / "gold"
    write_report(measurements, conflicts, check_measurements(measurements), out, documents=5)
    dom = dump_dom(chromium, tmp_path, out / "report.html")
    assert dom.count('<article class="conflict') == len(conflicts) == 12
    assert 'aria-label="DESTINY-Breast03 — CNS ORR"' in dom
    assert "<mark>63.9</mark>" in dom and "<mark>65.7</mark>" in dom


def test_screenshot(chromium: Path, tmp_path: Path, report: tuple[Path, pd.DataFrame]) -> None:
    page, _ = report
    shot = tmp_path / "report.png"
    run_chromium(chromium, tmp_path / "profile-shot", page, "--window-size=1280,2200", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 20_000
    from PIL import Image  # pillow comes with matplotlib

    with Image.open(shot) as image:
        assert image.size == (1280, 2200)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 200, "the page rendered (almost) blank"
