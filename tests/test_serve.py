"""`trialsift serve` as the README shows it: a schedule that fires, runs that complete, and the next run
processes only the newly added file; all of it inside the project, contacting no other host."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.prefect_sandbox import Sandbox, stop
from tests.runs import (
    COMPLETED_WITH_ERROR_ROWS,
    DOCUMENTS,
    SmallRuns,
    extracted,
    trialsift,
    wait_for_extracted,
)

DEPLOYMENT = "trialsift-batch/trialsift-scheduled"


def _post(sandbox: Sandbox, path: str, body: dict) -> list[dict]:
    request = urllib.request.Request(
        f"{sandbox.api_url}/{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _finished_runs(sandbox: Sandbox) -> list[dict]:
    """The batch's finished runs, oldest first; a failed or crashed run fails the test at once."""
    runs = _post(
        sandbox,
        "flow_runs/filter",
        {
            "flow_runs": {"state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}}},
            "sort": "START_TIME_ASC",
        },
    )
    runs = [run for run in runs if run["deployment_id"]]
    for run in runs:
        assert run["state_type"] == "COMPLETED", f"{run['name']}: {run['state']['message']}"
    return runs


def _summary(sandbox: Sandbox, run: dict) -> str:
    (artifact,) = _post(
        sandbox,
        "artifacts/filter",
        {"artifacts": {"flow_run_id": {"any_": [run["id"]]}, "key": {"any_": ["trialsift-summary"]}}},
    )
    return artifact["data"]


def _wait_for_runs(sandbox: Sandbox, count: int, serving, timeout: float = 300) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serving.poll() is None, (sandbox.root / "background.log").read_text()[-3000:]
        runs = _finished_runs(sandbox)
        if len(runs) >= count:
            return runs
        time.sleep(1)
    raise AssertionError(f"fewer than {count} finished runs after {timeout} s")


def test_scheduled_runs_fire_and_the_next_one_processes_only_the_new_file(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    corpus, out = sandbox.project / "corpus", sandbox.project / "outputs"
    corpus.mkdir()
    seeds = sorted(CORPUS.glob("*.txt"))
    for seed in seeds[:2]:
        shutil.copy(seed, corpus)
    serving = sandbox.start("serve", str(corpus), "--out", str(out), "--interval", "5")
    try:
        sandbox.wait_for_server(serving)
        first = _wait_for_runs(sandbox, 1, serving)[0]
        assert "| newly processed | 2 |" in _summary(sandbox, first)
        shutil.copy(seeds[2], corpus)
        added = time.time()
        while True:
            runs = _wait_for_runs(sandbox, len(_finished_runs(sandbox)) + 1, serving)
            if "| newly processed | 1 |" in _summary(sandbox, runs[-1]):
                break
            assert time.time() - added < 120, "no run picked up the new file"
        # the run after that finds nothing new; `prefect deployment run` starts one on demand
        sandbox.run("prefect", "deployment", "run", DEPLOYMENT)
        runs = _wait_for_runs(sandbox, len(runs) + 1, serving)
        assert "| newly processed | 0 |" in _summary(sandbox, runs[-1])
        os.killpg(serving.pid, signal.SIGINT)  # Ctrl-C in a terminal signals serve's whole process group
        assert serving.wait(60) == 0, "serve did not stop on Ctrl-C"
        with urllib.request.urlopen(f"{sandbox.api_url}/health", timeout=10) as response:
            assert response.status == 200  # the server serve started outlives it
    finally:
        stop(serving)
        sandbox.run("prefect", "server", "stop")
    assert {row.split(",")[0] for row in (out / "documents.csv").read_text().splitlines()[1:]} == {
        seed.stem for seed in seeds[:3]
    }
    # Each served run's summary is in its log as information, not as a warning.
    log = (sandbox.root / "background.log").read_text()
    assert re.search(r"\| INFO +\| Flow run '[^']+' - trialsift run: ", log), log[-3000:]
    assert not re.search(r"\| WARNING +\| Flow run '[^']+' - trialsift run: ", log)
    sandbox.assert_contained()


def _session_processes(session: int) -> list[str]:
    """The command lines of the processes of a session, but the Prefect server's (it outlives serve)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z" and "uvicorn" not in command:
            found.append(command)
    return found


@pytest.mark.parametrize(
    "signum",
    [
        pytest.param(signal.SIGTERM, id="SIGTERM"),  # as a service manager stops it
        # `kill -INT`; and a Ctrl-C that the run in progress missed: one that started just after it
        # (it ran to its end, and serve waited for it: "serve did not stop on Ctrl-C" under load)
        pytest.param(signal.SIGINT, id="SIGINT"),
    ],
)
def test_a_signal_to_serve_alone_stops_it_and_the_run_in_progress(
    tmp_path: Path, small_runs: SmallRuns, signum: signal.Signals
) -> None:
    sandbox = Sandbox(tmp_path)
    corpus, out = sandbox.project / "corpus", sandbox.project / "outputs"
    shutil.copytree(small_runs.corpus, corpus)
    serving = sandbox.start("serve", str(corpus), "--out", str(out), "--interval", "5")
    try:
        sandbox.wait_for_server(serving)
        wait_for_extracted(out, 10, serving)
        os.kill(serving.pid, signum)  # serve alone: its run in progress gets no signal
        assert serving.wait(120) == 0
        deadline = time.monotonic() + 60
        while left := _session_processes(serving.pid):
            assert time.monotonic() < deadline, f"still running after serve stopped: {left}"
            time.sleep(0.1)
        assert extracted(out) < DOCUMENTS - 1, "the run in progress went on to the end"
        log = (sandbox.root / "background.log").read_text()
        assert "the run in progress was interrupted" in log, log[-3000:]
        assert "Traceback" not in log, log[-3000:]  # a stop is no error
    finally:
        stop(serving)
        sandbox.run("prefect", "server", "stop")
    # It left the store consistent and the folder unlocked: the next run completes the outputs.
    result = subprocess.run(trialsift("run", str(corpus), "--out", str(out), "-q"))
    assert result.returncode == COMPLETED_WITH_ERROR_ROWS
    assert len((out / "documents.csv").read_text().splitlines()) == 1 + DOCUMENTS
    sandbox.assert_contained()
