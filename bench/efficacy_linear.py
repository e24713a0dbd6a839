"""How the efficacy extractor's time grows on hostile paragraphs (tests/hostile_text.py).

Each hostile input is one paragraph without a sentence break, at two sizes; the bench prints the
extraction CPU time at each and their ratio (4x the size should cost about 4x the time). A run that
takes longer than --limit seconds is stopped and shown as "> LIMIT".

    python bench/efficacy_linear.py [--sizes 10000 40000] [--limit 60] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.efficacy import extract_measurements
from tests.hostile_text import HOSTILE, hostile_text, timed


class _TooLong(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    raise _TooLong


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs=2, default=(10_000, 40_000))
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--only", nargs="*", default=None, help="hostile inputs to run (default: all)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _stop)
    small, large = args.sizes
    print(f"{'input':24} {small:>9,} ch {large:>9,} ch   ratio")
    for name in args.only or HOSTILE:
        times: list[float | None] = []
        for size in (small, large):
            signal.setitimer(signal.ITIMER_REAL, args.limit)
            try:
                times.append(timed(extract_measurements, hostile_text(name, size)))
            except _TooLong:
                times.append(None)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        shown = [f"{t:9.3f} s" if t is not None else f"> {args.limit:5.0f} s " for t in times]
        ratio = f"{times[1] / times[0]:6.1f}x" if None not in times and times[0] else "     -"
        print(f"{name:24} {shown[0]:>12} {shown[1]:>12}  {ratio}", flush=True)


if __name__ == "__main__":
    main()
