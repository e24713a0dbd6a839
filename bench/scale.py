"""How the batch scales: documents/s for the CLI and the flow, speed-up with workers, fixed overhead,
peak memory, and the cost of re-runs.

The corpus is every PMC text and JATS file in ../shared/data/pmc-oa (the JATS files are linked as
NAME.jats.nxml, so a text and its JATS version are two documents). Each configuration runs as its
own process, as a user would start it, into a fresh output folder:

    cli 1 worker         trialsift run CORPUS --workers 1
    cli 2 workers        trialsift run CORPUS --workers 2
    flow 1 worker        python flows.py --corpus CORPUS --workers 1
    flow 2 workers       python flows.py --corpus CORPUS --workers 2   (local worker processes)
    flow dask 2 workers  python flows.py --corpus CORPUS --dask ADDRESS
                         (a local Dask cluster of 2 worker processes, started fresh for each
                         command and left out of its time, as an existing cluster is)

Fixed overhead is the time the same command takes on a 1-document corpus. The flow runs against
a persistent Prefect server, as scheduled runs do (started first, with its state in a temporary
folder); its time on Prefect's embedded server, which starts and stops with each run, is printed
too. Peak memory is the largest resident size of any process the command started (a worker's, or
the writer's), or of the Dask cluster's workers.
Re-runs (CLI and flow, into the 2-worker runs' outputs, with workers sized by the corpus as a
scheduled run's are): unchanged, then with 10 papers held out of the first run added.

    python bench/scale.py [--data-dir ../shared/data/pmc-oa] [--limit N] [--skip-flow]

The machine's other load makes every figure noisy: run it on a quiet machine for real figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HELD_OUT = 10


def copy_corpus(data_dir: Path, folder: Path, limit: int) -> list[Path]:
    """The corpus as copies: a run does not follow links that lead outside its corpus folder."""
    files = sorted((data_dir / "txt").glob("*.txt")) + sorted((data_dir / "nxml").glob("*.nxml"))
    files = files[: limit or None]
    folder.mkdir(parents=True)
    copies = []
    for path in files:
        name = path.name if path.suffix == ".txt" else f"{path.stem}.jats.nxml"
        shutil.copyfile(path, folder / name)
        copies.append(folder / name)
    return copies


# Runs the command and reports the peak RSS of the largest process under it (its own counter, so
# one configuration's figure is not another's).
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)"
)


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds, and the peak RSS (MB) of the largest process the command started."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=REPO, capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - start
    # Exit status 3 (some documents failed, the run completed) is a normal outcome on PMC.
    if completed.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    peak = next(line for line in completed.stderr.splitlines() if line.startswith("PEAK_KB"))
    return seconds, int(peak.split()[1]) / 1024


def persistent_server(root: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    """The project's kind of persistent Prefect server (state under `root`), as `trialsift serve`
    starts it: scheduled runs find it up, so the flow figures leave its start-up out."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, TRIALSIFT_PROJECT=str(root), PREFECT_SERVER_API_PORT=str(port))
    trialsift = str(Path(sys.executable).parent / "trialsift")
    server = subprocess.Popen(
        [trialsift, "prefect", "server", "start"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{env['PREFECT_API_URL']}/health", timeout=2):
                return server, env
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the Prefect server did not start")


# A local Dask cluster in its own process: prints its address, runs until its stdin closes, then
# prints the peak RSS of its worker processes.
_CLUSTER = (
    "import resource, sys\n"
    "from distributed import LocalCluster\n"
    "cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)\n"
    "print(cluster.scheduler_address, flush=True)\n"
    "sys.stdin.read()\n"
    "cluster.close()\n"
    "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n"
)


@contextmanager
def dask_cluster() -> Iterator[tuple[str, list[float]]]:
    """A fresh local Dask cluster's address, and (once it has stopped) its workers' peak RSS in MB."""
    cluster = subprocess.Popen(
        [sys.executable, "-c", _CLUSTER], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert cluster.stdin is not None and cluster.stdout is not None
    peak: list[float] = []
    try:
        yield cluster.stdout.readline().strip(), peak
    finally:
        cluster.stdin.close()
        for line in cluster.stdout:
            if line.startswith("PEAK_KB"):
                peak.append(int(line.split()[1]) / 1024)
        cluster.wait(60)


def timed_on_dask(command: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    with dask_cluster() as (address, cluster_peak):
        seconds, peak = timed([part.replace("{dask}", address) for part in command], env)
    return seconds, max([peak, *cluster_peak])


def configurations(skip_flow: bool) -> dict[str, list[str]]:
    trialsift = str(Path(sys.executable).parent / "trialsift")
    runs = {
        "cli 1 worker": [trialsift, "run", "{corpus}", "--out", "{out}", "--workers", "1", "-q"],
        "cli 2 workers": [trialsift, "run", "{corpus}", "--out", "{out}", "--workers", "2", "-q"],
    }
    if not skip_flow:
        flow = [sys.executable, str(REPO / "flows.py"), "--corpus", "{corpus}", "--out", "{out}"]
        runs["flow 1 worker"] = [*flow, "--workers", "1"]
        runs["flow 2 workers"] = [*flow, "--workers", "2"]
        runs["flow dask 2 workers"] = [*flow, "--dask", "{dask}"]
    return runs


def fill(command: list[str], corpus: Path, out: Path) -> list[str]:
    return [part.replace("{corpus}", str(corpus)).replace("{out}", str(out)) for part in command]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    parser.add_argument("--skip-flow", action="store_true", help="the CLI only")
    args = parser.parse_args()
    print(
        f"cores: {os.cpu_count()}, load average now: {os.getloadavg()[0]:.1f} (other users' work adds noise)"
    )
    with tempfile.TemporaryDirectory(prefix="trialsift-scale-") as tmp:
        root = Path(tmp)
        links = copy_corpus(args.data_dir, root / "corpus", args.limit)
        held = root / "held-out"
        held.mkdir()
        for link in links[-HELD_OUT:]:
            link.rename(held / link.name)
        documents = len(links) - HELD_OUT
        one = root / "one"
        one.mkdir()
        shutil.copy(links[0], one / links[0].name)
        print(f"corpus: {documents} documents ({HELD_OUT} more held out for the re-run)")
        print(f"{'configuration':22} {'seconds':>8} {'docs/s':>7} {'fixed s':>8} {'peak MB':>8}")
        rates: dict[str, float] = {}
        server, env = (None, None) if args.skip_flow else persistent_server(root)
        runs = configurations(args.skip_flow)
        try:
            for name, command in runs.items():
                run_env = env if name.startswith("flow") else None
                run = timed_on_dask if "dask" in name else timed
                fixed, _ = run(fill(command, one, root / f"fixed-{name}".replace(" ", "-")), run_env)
                out = root / f"out-{name}".replace(" ", "-")
                seconds, peak = run(fill(command, root / "corpus", out), run_env)
                rates[name] = documents / seconds
                print(f"{name:22} {seconds:8.1f} {rates[name]:7.2f} {fixed:8.1f} {peak:8.0f}", flush=True)
            if env is not None:
                embedded, _ = timed(fill(runs["flow 1 worker"], one, root / "fixed-embedded"))
                print(
                    f"flow 1 worker on a 1-document corpus with Prefect's embedded server: {embedded:.1f} s"
                )
            # Re-runs into the 2-worker configurations' outputs, with workers sized by the corpus
            # as a scheduled run's are (2 here): unchanged, then with the held-out papers added.
            again = {name: runs[name] for name in ("cli 2 workers", "flow 2 workers") if name in runs}
            unchanged = {name: rerun(command, name, root, env) for name, command in again.items()}
            for link in held.iterdir():
                link.rename(root / "corpus" / link.name)
            added = {name: rerun(command, name, root, env) for name, command in again.items()}
        finally:
            if server is not None:
                server.terminate()
                server.wait(60)
        print(f"speed-up, CLI 2 workers over 1: {rates['cli 2 workers'] / rates['cli 1 worker']:.2f}x")
        if not args.skip_flow:
            local = rates["flow 2 workers"] / rates["flow 1 worker"]
            print(f"speed-up, flow 2 workers over 1: {local:.2f}x")
            dask = rates["flow dask 2 workers"] / rates["flow 1 worker"]
            print(f"speed-up, flow on Dask (2) over flow (1): {dask:.2f}x")
            slower = rates["cli 1 worker"] / rates["flow 1 worker"]
            print(f"flow 1 worker against the CLI: {slower:.2f}x the time")
        for name in again:
            first = documents / rates[name]
            print(
                f"{name}, unchanged re-run: {unchanged[name]:.1f} s, {unchanged[name] / first:.1%} of the "
                f"first run ({first:.1f} s); with {HELD_OUT} new papers: {added[name]:.1f} s, "
                f"{added[name] / first:.1%}"
            )


def rerun(command: list[str], name: str, root: Path, env: dict[str, str] | None) -> float:
    at = command.index("--workers")
    sized_by_corpus = command[:at] + command[at + 2 :]
    out = root / f"out-{name}".replace(" ", "-")
    seconds, _ = timed(fill(sized_by_corpus, root / "corpus", out), env if name.startswith("flow") else None)
    return seconds


if __name__ == "__main__":
    main()
