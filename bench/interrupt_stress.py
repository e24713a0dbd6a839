"""Interrupt `trialsift run` at random moments, many times, and report every run that does not end.

Each round copies the outputs of a 30-document run, starts a run over 300 small PMC texts (as
tests/test_interrupted_run.py does: two worker processes, its own session, stderr a pipe read only
after the signal) and stops it with SIGINT to its process group (Ctrl-C) or SIGTERM to the writer
alone, at a moment drawn from one of these phases:

- start:   0-4 s after the start (imports, discovery, the pool's workers spawning and loading);
- any:     anywhere in the run (uniform over the length of an uninterrupted run);
- stored:  once a random number of the new documents are stored;
- test:    once 20 of them are stored, as the test does (the first shard's results are being stored,
           the second's may be on their way from the other worker);
- publish: once every document is stored, 0-1.5 s later (finishing, writing and publishing outputs).

A run that has not ended `--timeout` seconds after its signal is a hang: `ps` of its process group
and a py-spy dump of each of its processes are written to --logs, and the group is killed.

    .venv/bin/python bench/interrupt_stress.py --rounds 40 --load 4

prints one line per round and the figures: rounds, hangs and wrong exit statuses, by phase and signal.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PMC = REPO.parent / "shared" / "data" / "pmc-oa" / "txt"
DOCUMENTS, FIRST = 300, 30
PHASES = ("start", "any", "stored", "test", "publish")


def trialsift(*args: str) -> list[str]:
    return [sys.executable, "-c", "from pipeline.cli import main; main()", *args]


def write_corpus(corpus: Path, count: int) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for path in sorted(PMC.glob("*.txt"))[:count]:
        text = path.read_text(encoding="utf-8")[:4000]
        (corpus / path.name).write_text(text[: text.rfind("\n") + 1] or text, encoding="utf-8")


def extracted(out: Path) -> int:
    try:
        with sqlite3.connect(f"file:{out / 'trialsift.sqlite'}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM stages").fetchone()[0]
    except sqlite3.Error:
        return 0


def dump(pgid: int, logs: Path, name: str) -> str:
    """`ps` of the group and a py-spy dump of each of its processes, into logs/name.txt."""
    ps = subprocess.run(
        ["ps", "-o", "pid,ppid,stat,etime,wchan:20,args", "-g", str(pgid)], capture_output=True, text=True
    ).stdout
    parts = [ps]
    py_spy = shutil.which("py-spy") or str(REPO.parent / "main" / ".venv" / "bin" / "py-spy")
    for line in ps.splitlines()[1:]:
        pid = line.split()[0]
        spy = subprocess.run(
            [py_spy, "dump", "--pid", pid], capture_output=True, text=True, timeout=60, check=False
        )
        parts.append(f"--- py-spy dump {pid}\n{spy.stdout}{spy.stderr}")
    text = "\n".join(parts)
    (logs / f"{name}.txt").write_text(text, encoding="utf-8")
    return ps


def one_round(
    n: int, phase: str, signum: int, root: Path, earlier: Path, full_seconds: float, args: argparse.Namespace
) -> dict[str, object]:
    out = root / f"out-{n}"
    shutil.copytree(earlier, out, symlinks=True)
    process = subprocess.Popen(
        trialsift("run", str(root / "corpus"), "--out", str(out), "-q"),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=args.code,  # its pipeline/ is imported (sys.path starts with the working folder)
    )
    started = time.monotonic()
    if phase == "start":
        time.sleep(random.uniform(0, 4))
    elif phase == "any":
        time.sleep(random.uniform(0, full_seconds))
    else:
        target = {"publish": DOCUMENTS - 1, "test": FIRST + 20}.get(phase) or FIRST + random.randint(1, 268)
        while extracted(out) < target and process.poll() is None:
            time.sleep(0.02)
        if phase == "publish":
            time.sleep(random.uniform(0, 1.5))
    at = time.monotonic() - started
    stored = extracted(out)
    ended_before = process.poll() is not None
    if ended_before:
        pass
    elif signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        os.kill(process.pid, signum)
    row: dict[str, object] = {
        "round": n,
        "phase": phase,
        "signal": signal.Signals(signum).name,
        "at": round(at, 2),
        "stored": stored,
    }
    try:
        _, stderr = process.communicate(timeout=args.timeout)
        row["status"] = process.returncode
        row["ended_in"] = round(time.monotonic() - started - at, 2)
        expected = {3} if ended_before else {128 + signum, 3, -signum}
        row["ok"] = process.returncode in expected
        if not row["ok"]:
            (args.logs / f"round-{n}-stderr.txt").write_text(stderr, encoding="utf-8")
    except subprocess.TimeoutExpired:
        row["status"] = "HANG"
        row["ok"] = False
        row["ps"] = dump(process.pid, args.logs, f"round-{n}-hang")
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    # What is left of the group (a worker that outlived its writer), zombies aside: this container's
    # init may be slow to reap the workers it inherits.
    time.sleep(0.2)
    ps = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(process.pid)], capture_output=True, text=True)
    left = [
        pid for pid, stat in (line.split() for line in ps.stdout.splitlines()) if not stat.startswith("Z")
    ]
    if left:
        row["left"] = left
        dump(process.pid, args.logs, f"round-{n}-left")
        os.killpg(process.pid, signal.SIGKILL)
    shutil.rmtree(out, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--load", type=int, default=0, help="busy loops (`yes > /dev/null`) beside the runs")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--code", type=Path, default=REPO, help="a checkout whose pipeline/ to run")
    parser.add_argument("--logs", type=Path, default=Path(tempfile.gettempdir()) / "interrupt-stress")
    args = parser.parse_args()
    args.logs.mkdir(parents=True, exist_ok=True)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    phases = args.phases.split(",")
    # Started in the background by a shell, this process ignores SIGINT, and so would the runs until
    # they set their handler: a terminal's runs do not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    busy = [
        subprocess.Popen(["sh", "-c", "exec yes > /dev/null"], start_new_session=True)
        for _ in range(args.load)
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="interrupt-stress-") as tmp:
            root = Path(tmp)
            write_corpus(root / "corpus", FIRST)
            earlier = root / "earlier"
            subprocess.run(
                trialsift("run", str(root / "corpus"), "--out", str(earlier), "-q"), check=True, cwd=args.code
            )
            write_corpus(root / "corpus", DOCUMENTS)
            clean = root / "clean"
            shutil.copytree(earlier, clean, symlinks=True)
            started = time.monotonic()
            subprocess.run(trialsift("run", str(root / "corpus"), "--out", str(clean), "-q"), cwd=args.code)
            full_seconds = time.monotonic() - started
            print(
                f"seed {seed}; load {args.load}; an uninterrupted run takes {full_seconds:.1f} s", flush=True
            )
            rows = []
            for n in range(args.rounds):
                phase = random.choice(phases)
                signum = random.choice((signal.SIGINT, signal.SIGTERM))
                row = one_round(n, phase, signum, root, earlier, full_seconds, args)
                rows.append(row)
                print(row, flush=True)
    finally:
        for process in busy:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    hangs = Counter((r["phase"], r["signal"]) for r in rows if r["status"] == "HANG")
    wrong = Counter((r["phase"], r["signal"]) for r in rows if not r["ok"] and r["status"] != "HANG")
    left = sum(1 for r in rows if "left" in r)
    rounds = Counter((r["phase"], r["signal"]) for r in rows)
    print(
        f"\n{len(rows)} rounds (load {args.load}, seed {seed}): {sum(hangs.values())} hangs, "
        f"{sum(wrong.values())} wrong exit statuses, {left} with processes left after the writer"
    )
    for key in sorted(rounds):
        print(f"  {key[0]:8} {key[1]:8} rounds {rounds[key]:3}  hangs {hangs[key]:3}  wrong {wrong[key]:3}")
    print(f"logs: {args.logs}")


if __name__ == "__main__":
    main()
