"""How fast the review page loads with 1,000 conflicts, in headless Chromium (target: under 2 s).

Builds an output folder whose figures hold exactly --conflicts conflicts (three documents disagree
about each trial's intracranial ORR; no NLP involved), starts `trialsift review` on it, and loads
the page --repeat times in Debian's chromium, driven over DevTools. Prints, per load, the time
from navigation to the load event as Chromium reports it (server time included), and the
wall-clock time the driver saw, then the worst of each.

    python bench/review_page.py [--conflicts 1000] [--repeat 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, Browser  # noqa: E402
from tests.review_data import build_outputs, figure  # noqa: E402

DOCS = ("doc_a", "doc_b", "doc_c")
VALUES = ("40.1", "50.2", "60.3")


def figures_for(conflicts: int) -> list[dict[str, object]]:
    """Three documents per trial give three conflicting pairs; the last trial may have two."""
    items = []
    trial = 0
    while conflicts > 0:
        trial += 1
        docs = 3 if conflicts >= 3 else 2
        for doc_id, value in list(zip(DOCS, VALUES, strict=True))[:docs]:
            sentence = f"In the TRIAL-{trial:04d} study the intracranial ORR was {value}%."
            items.append(figure(doc_id, sentence, value, trial=f"TRIAL-{trial:04d}"))
        conflicts -= 3 if docs == 3 else 1
    return items


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conflicts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is absent: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        started = time.perf_counter()
        build_outputs(out, figures_for(args.conflicts))
        print(f"outputs built in {time.perf_counter() - started:.1f} s: {out}")
        server = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "review", str(out)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = server.stdout.readline() if server.stdout else ""
            url = line.split()[2]
            with Browser(Path(tmp) / "profile") as browser:
                reported, seen = [], []
                for _ in range(args.repeat):
                    seen.append(browser.load(url))
                    reported.append(
                        browser.evaluate(
                            "(() => { const n = performance.getEntriesByType('navigation')[0];"
                            " return (n.loadEventEnd - n.startTime) / 1000; })()"
                        )
                    )
                shown = browser.evaluate("document.querySelectorAll('article.conflict').length")
                size = browser.evaluate("document.documentElement.outerHTML.length")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"conflicts on the page: {shown}; page size {size / 1e6:.2f} MB")
    for number, (chromium, wall) in enumerate(zip(reported, seen, strict=True), start=1):
        print(f"load {number}: {chromium:.3f} s to the load event (Chromium), {wall:.3f} s wall clock")
    print(f"worst load: {max(reported):.3f} s (Chromium), {max(seen):.3f} s wall clock; target < 2 s")


if __name__ == "__main__":
    main()
