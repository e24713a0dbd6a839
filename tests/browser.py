"""Driving headless Chromium (Debian's `chromium`) over the DevTools protocol, for tests and benches
that must click through a page rather than only dump it.

Uses `websockets` (installed with Prefect). One throw-away profile per browser; nothing is written
to $HOME. The page under test runs no JavaScript of its own (its CSP forbids it): the test drives
it from DevTools, as a user would with the mouse, and DevTools evaluation is not page script.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


class Browser:
    def __init__(self, profile: Path, timeout: float = 60.0) -> None:
        self.timeout = timeout
        profile.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={"HOME": str(profile), "PATH": "/usr/bin:/bin"},
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=timeout) as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self.socket = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=timeout)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=self.timeout))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        for index, message in enumerate(self.events):
            if message.get("method") == event:
                return self.events.pop(index)
        while True:
            message = json.loads(self.socket.recv(timeout=self.timeout))
            if message.get("method") == event:
                return message
            self.events.append(message)

    def _drain(self) -> None:
        """Forget every event so far, read or not: a wait then only sees what comes after."""
        self.events.clear()
        while True:
            try:
                self.socket.recv(timeout=0.05)
            except TimeoutError:
                return

    def _wait_for_new_page(self) -> None:
        self.wait_for("Page.frameNavigated")
        self.wait_for("Page.loadEventFired")

    def load(self, url: str) -> float:
        """Navigate and wait for the new page's load event; returns the seconds it took."""
        self._drain()
        started = time.perf_counter()
        self.send("Page.navigate", url=url)
        self._wait_for_new_page()
        return time.perf_counter() - started

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def submit(self, expression: str) -> None:
        """Run `expression` (which submits a form) and wait for the page it leads to."""
        self._drain()
        self.evaluate(expression)
        self._wait_for_new_page()

    def close(self) -> None:
        if getattr(self, "socket", None) is not None:
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
