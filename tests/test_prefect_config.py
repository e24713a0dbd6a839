"""Every Prefect command the README shows keeps its state in the project and contacts no other host."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import REPO
from tests.prefect_sandbox import Sandbox, stop


def test_the_audit_hook_sees_an_outside_connection(tmp_path: Path) -> None:
    """The sandbox must be able to fail: a lookup of another host is logged."""
    sandbox = Sandbox(tmp_path)
    code = "import socket\ntry: socket.getaddrinfo('example.org', 443)\nexcept OSError: pass"
    subprocess.run([sys.executable, "-c", code], env=sandbox.env, check=True)
    assert "example.org" in sandbox.outside_log.read_text()


def test_plain_prefect_in_the_project_folder_reads_prefect_toml(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    shutil.copy(REPO / "prefect.toml", sandbox.project / "prefect.toml")
    del sandbox.env["TRIALSIFT_PROJECT"], sandbox.env["PREFECT_SERVER_API_PORT"]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "prefect"), "config", "view", "--show-sources"],
        env=sandbox.env,
        cwd=sandbox.project,
        capture_output=True,
        text=True,
        check=True,
    )
    for setting in (
        "PREFECT_HOME='.prefect' (from prefect.toml)",
        "PREFECT_SERVER_ANALYTICS_ENABLED='False' (from prefect.toml)",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT='False' (from prefect.toml)",
    ):
        assert setting in result.stdout
    sandbox.assert_contained()


def test_server_ui_and_client_commands_stay_in_the_project(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    server = sandbox.start("prefect", "server", "start")
    try:
        sandbox.wait_for_server(server)
        with urllib.request.urlopen(f"http://127.0.0.1:{sandbox.port}/", timeout=30) as page:
            assert page.status == 200  # the UI
        assert "trialsift" not in sandbox.run("prefect", "deployment", "ls")
        sandbox.run("prefect", "flow-run", "ls")
    finally:
        stop(server)
    assert (sandbox.project / ".prefect" / "prefect.db").exists()
    sandbox.assert_contained()
