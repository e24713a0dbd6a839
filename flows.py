"""Prefect entry point: the same batch as `trialsift run`, as a Prefect flow.

    python flows.py                          # corpus/ -> outputs/, with an embedded local server
    python flows.py --corpus DIR --out DIR --workers 2
    python flows.py --schedule "0 2 * * *"   # the same as `trialsift serve corpus/ --cron ...`

The flow itself is `pipeline.flow.trialsift_batch`; only wiring lives here.
"""

import argparse
import gc
import sys
from pathlib import Path

from pipeline.orchestration import configure_prefect

PROJECT = Path(__file__).resolve().parent
configure_prefect()

from pipeline.flow import run_flow, trialsift_batch  # noqa: E402  (settings above must come first)
from pipeline.summary import summary_text  # noqa: E402

__all__ = ["main", "trialsift_batch"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=PROJECT / "corpus")
    parser.add_argument("--out", type=Path, default=PROJECT / "outputs")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dask", metavar="tcp://HOST:PORT", help="an existing Dask cluster")
    parser.add_argument("--schedule", metavar="CRON", help="serve the flow on this cron schedule instead")
    args = parser.parse_args(argv)
    if args.schedule:
        from pipeline.cli import main as trialsift

        serve_args = ["serve", str(args.corpus), "--out", str(args.out), "--cron", args.schedule]
        return trialsift(serve_args + (["--dask", args.dask] if args.dask else []), standalone_mode=True)
    summary = run_flow(args.corpus, args.out, workers=args.workers, dask_address=args.dask)
    print(summary_text(summary))
    gc.freeze()  # the process ends here: see pipeline.cli.run
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())
