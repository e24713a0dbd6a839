"""Run Prefect commands as a user would, and catch any write outside the project or outside connection.

HOME points at an empty folder that must stay empty; a `sitecustomize` audit hook in every Python
process the commands start logs each connection (and each name lookup) that is not to this machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

_AUDIT_HOOK = """
import ipaddress, os, sys

_LOG = os.environ["TRIALSIFT_OUTSIDE_LOG"]
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(host):
    if host is None or isinstance(host, bytes):
        host = (host or b"").decode()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _hook(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None  # a str is a Unix socket
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if isinstance(host, (str, bytes)) and not _is_local(host):
        with open(_LOG, "a") as log:
            log.write(f"{event} {host!r} from {' '.join(sys.argv)[:200]}\\n")


sys.addaudithook(_hook)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Sandbox:
    root: Path
    project: Path = field(init=False)
    home: Path = field(init=False)
    outside_log: Path = field(init=False)
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.project, self.home = self.root / "project", self.root / "home"
        hooks = self.root / "hooks"
        for folder in (self.project, self.home, hooks):
            folder.mkdir(parents=True)
        (hooks / "sitecustomize.py").write_text(_AUDIT_HOOK)
        self.outside_log = self.root / "outside-connections.log"
        self.outside_log.touch()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PREFECT_", "TRIALSIFT_")) and key != "DO_NOT_TRACK"
        }
        self.env.update(
            HOME=str(self.home),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            TRIALSIFT_PROJECT=str(self.project),
            PREFECT_SERVER_API_PORT=str(self.port),
            PYTHONPATH=os.pathsep.join([str(hooks), str(REPO)]),
            TRIALSIFT_OUTSIDE_LOG=str(self.outside_log),
        )

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def trialsift(self, *args: str) -> list[str]:
        return [str(Path(sys.executable).parent / "trialsift"), *args]

    def run(self, *args: str, timeout: float = 120, cwd: Path | None = None) -> str:
        result = subprocess.run(
            self.trialsift(*args),
            env=self.env,
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self, *args: str, cwd: Path | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            self.trialsift(*args),
            env=self.env,
            cwd=cwd or self.root,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "background.log").open("ab"),
        )

    def wait_for_server(self, process: subprocess.Popen, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert process.poll() is None, (self.root / "background.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"no Prefect server on port {self.port} after {timeout} s")

    def assert_contained(self) -> None:
        """Nothing was written to HOME, nothing contacted another machine, and state is in the project."""
        assert not any(self.home.iterdir()), f"written outside the project: {sorted(self.home.rglob('*'))}"
        assert self.outside_log.read_text() == "", self.outside_log.read_text()
        assert (self.project / ".prefect").is_dir()


def stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """SIGINT, as Ctrl-C; the whole session (the server's own children too)."""
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
