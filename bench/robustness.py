"""Soak benchmark: hostile inputs through the whole batch, at 10 KB, 100 KB and 1 MB.

Each hostile input is one paragraph with no sentence break (a flattened table, garbled PDF text,
sequence data): runs of digits, dots, dashes, brackets, "vs", "±", "95% CI", p-values, "HR", ...
Then three PDF bombs, each at its own size: 100,000 pages, 1 GB of whitespace and 256 MB of text
operators compressed into one content stream each (tests/hostile_pdf.py makes them).
For each input and size, `trialsift run` processes a corpus holding the five seeds and the
input (the seeds already done, so the run does the input's work plus the fixed cost of a run).
Printed per run: the input's cost (the run's CPU time minus that of a run with one short document),
its cost per MB, the run's peak memory, what became of the input (ok / error row / killed), and
whether the seeds' figures are all still there.

Fails (exit 1) when an input costs more than 2 s per MB (2 s at least: below that it is the
noise in the CPU time of a whole run), when a run's peak memory passes 1 GB, when a run is killed
at --timeout, or when a seed's figures go missing.

On a shared machine the CPU time of a run varies by a second or more with the load (the fixed
cost alone, mostly the report's plots, is 3-7 s): `--repeat N` runs each input N times and keeps
the cheapest run (and the highest peak memory of the N).

    python bench/robustness.py [--sizes 10000,100000,1000000] [--kinds digits,dots,pdf-pages]
                               [--timeout 120] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile_pdf import flate_bomb_pdf, many_pages_pdf  # noqa: E402

SEEDS = REPO / "corpus"
TRIALSIFT = Path(sys.executable).parent / "trialsift"

MAX_SECONDS_PER_MB = 2.0
MIN_ALLOWED_SECONDS = 2.0
MAX_PEAK_BYTES = 1 << 30

# One unit, repeated into a paragraph of the wanted size.
HOSTILE = {
    "digits": "1234567890",
    "dots": ".",
    "dashes": "-",
    "brackets": "(",
    "nested-brackets": "([{",
    "bracket-pairs": "(1) [2] ",
    "vs": "12 vs 14 ",
    "plus-minus": "12.3 ± 4.5 ",
    "ci": "95% CI 0.56-0.94 ",
    "p-values": "P = 0.032, ",
    "hr": "HR 0.71 ",
    "no-full-stop": "the objective response rate in the cohort was high and ",
}


PDF_BOMBS: dict[str, Callable[[], bytes]] = {
    "pdf-pages": lambda: many_pages_pdf(100_000),
    "pdf-whitespace": lambda: flate_bomb_pdf(b" ", 1000),
    "pdf-operators": lambda: flate_bomb_pdf(b"(x) Tj ", 256),
}


# Efficacy figures are read only from documents about cancer: the hostile paragraph sits in one, so
# that every stage reads it (the worst case).
_ONCOLOGY_TITLE = b"Chemotherapy of metastatic breast cancer and other tumours: an oncology trial.\n\n"


def hostile_text(unit: str, size: int) -> bytes:
    body = (unit.encode("utf-8") * (size // len(unit.encode("utf-8")) + 1))[:size]
    return _ONCOLOGY_TITLE + b"Results\n\n" + body.decode("utf-8", "ignore").encode("utf-8") + b"\n"


def run_trialsift(corpus: Path, out: Path, timeout: float) -> tuple[float, int, int | None]:
    """(CPU seconds, peak resident bytes, exit status or None when killed at the timeout).

    CPU time, not wall time: the machine may be busy with other work, which would count in the
    wall time of a run but is no cost of the input's."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(TRIALSIFT), "run", str(corpus), "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode
        if time.perf_counter() > deadline:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, None
        time.sleep(0.05)


def seed_figures(out: Path) -> Counter[str]:
    with (out / "measurements.csv").open(encoding="utf-8", newline="") as handle:
        return Counter(row["doc_id"] for row in csv.DictReader(handle))


def outcome_of(out: Path, doc_id: str) -> str:
    with (out / "errors.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["doc_id"] == doc_id:
                return f"error row: {row['error'][:60]}"
    return "ok"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    every = [*HOSTILE, *PDF_BOMBS]
    parser.add_argument("--kinds", default=",".join(every), help=f"some of: {', '.join(every)}")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--repeat", type=int, default=1, help="runs per input; the cheapest is kept")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    inputs = [
        (kind, f"hostile_{kind}.txt", lambda kind=kind, size=size: hostile_text(HOSTILE[kind], size))
        for kind in kinds
        if kind in HOSTILE
        for size in sizes
    ] + [(kind, f"hostile_{kind}.pdf", PDF_BOMBS[kind]) for kind in kinds if kind in PDF_BOMBS]

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="trialsift-robustness-") as tmp:
        work = Path(tmp)
        corpus, baseline = work / "corpus", work / "baseline"
        shutil.copytree(SEEDS, corpus)
        run_trialsift(corpus, baseline, timeout=600)  # the seeds, done once
        seeds = seed_figures(baseline)
        # The fixed cost: a run that has one short benign document to do (so it loads the models).
        reference_runs = []
        for attempt in range(3):
            shutil.copytree(baseline, work / "reference", dirs_exist_ok=True)
            benign = corpus / f"benign_{attempt}.txt"
            benign.write_text(f"Results\n\nThe objective response rate was 4{attempt}% (95% CI 30-50).\n")
            reference_runs.append(run_trialsift(corpus, work / "reference", args.timeout)[0])
            benign.unlink()
            shutil.rmtree(work / "reference")
        fixed = min(reference_runs)
        print(
            f"fixed cost of a run with one short document to do: {fixed:.1f} s; "
            f"the seeds give {sum(seeds.values())} figures"
        )
        print(f"{'input':<16}{'size':>11}{'CPU s':>9}{'s/MB':>8}{'peak MB':>9}  verdict   input became")
        for kind, name, make in inputs:
            out = work / "out"
            path = corpus / name
            path.write_bytes(make())
            size = path.stat().st_size
            runs = []
            for _ in range(args.repeat):
                shutil.rmtree(out, ignore_errors=True)
                shutil.copytree(baseline, out)
                runs.append(run_trialsift(corpus, out, args.timeout))
            path.unlink()
            seconds, _, status = min(runs, key=lambda run: run[0])
            peak = max(run[1] for run in runs)
            cost = max(0.0, seconds - fixed)
            per_mb = cost / (size / 1e6)
            problems = []
            if status is None:
                problems.append(f"killed after {args.timeout:.0f} s")
                became = "killed"
            else:
                became = outcome_of(out, path.stem)
                missing = {d: n for d, n in seeds.items() if seed_figures(out)[d] != n}
                if missing:
                    problems.append(f"seed figures changed: {sorted(missing)}")
            if cost > max(MAX_SECONDS_PER_MB * size / 1e6, MIN_ALLOWED_SECONDS):
                problems.append(f"{per_mb:.1f} s per MB")
            if peak > MAX_PEAK_BYTES:
                problems.append(f"peak {peak / 1e6:.0f} MB")
            verdict = "FAIL" if problems else "ok"
            print(
                f"{kind:<16}{size:>11,}{cost:>9.2f}{per_mb:>8.1f}{peak / 1e6:>9.0f}  {verdict:<8}  {became}",
                flush=True,
            )
            if problems:
                failures.append(f"{kind} at {size:,} bytes: {'; '.join(problems)}")
    if failures:
        print(
            f"\n{len(failures)} of {len(inputs)} runs over the limits "
            f"({MAX_SECONDS_PER_MB:.0f} s per MB, {MAX_PEAK_BYTES >> 30} GB):"
        )
        for failure in failures:
            print(f"  {failure}")
        return 1
    print(f"\nevery input within {MAX_SECONDS_PER_MB:.0f} s per MB and {MAX_PEAK_BYTES >> 30} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
