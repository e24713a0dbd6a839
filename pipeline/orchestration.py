"""Prefect settings for trialsift: everything stays inside the project, nothing is sent.

The same values are in the project's `prefect.toml` (read by any Prefect command started in the
project folder); `prefect_environment` sets them for commands started from anywhere through
`trialsift prefect ...`, `trialsift serve` and `flows.py`. Values a user already set win.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_PORT = 4200


def project_root() -> Path:
    """The checkout trialsift runs from (an editable install): `.prefect/` goes there.

    TRIALSIFT_PROJECT names another folder, for a deployment that keeps its state elsewhere.
    """
    named = os.environ.get("TRIALSIFT_PROJECT")
    return Path(named).resolve() if named else Path(__file__).resolve().parent.parent


def prefect_environment(project: Path | None = None, environ: dict[str, str] | None = None) -> dict[str, str]:
    """`environ` (default: this process's) with the project's Prefect settings added."""
    env = dict(os.environ if environ is None else environ)
    home = (project or project_root()) / ".prefect"
    defaults = {
        # The server's database, logs, profiles and UI build all live under PREFECT_HOME.
        "PREFECT_HOME": str(home),
        "PREFECT_PROFILES_PATH": str(home / "profiles.toml"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(DEFAULT_PORT),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # The embedded server's first start on a fresh PREFECT_HOME creates its database; on a
        # busy 2-core machine that can exceed Prefect's 20 s default and fail the very first run.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    # The report's plots: matplotlib caches its font list under ~/.cache and ~/.config otherwise.
    defaults["MPLCONFIGDIR"] = str((project or project_root()) / ".cache" / "matplotlib")
    for name, value in defaults.items():
        env.setdefault(name, value)
    return env


def server_url(environ: dict[str, str]) -> str:
    """The API address of the project's persistent server (PREFECT_API_URL when the user set one)."""
    return environ.get("PREFECT_API_URL") or (
        f"http://{environ['PREFECT_SERVER_API_HOST']}:{environ['PREFECT_SERVER_API_PORT']}/api"
    )


def server_is_listening(api_url: str) -> bool:
    address = urlparse(api_url)
    try:
        with socket.create_connection((address.hostname or "127.0.0.1", address.port or 80), timeout=1):
            return True
    except OSError:
        return False


def configure_prefect(project: Path | None = None) -> None:
    """Set the project's Prefect settings in this process. Must run before `prefect` is imported:
    Prefect reads its settings at import time."""
    os.environ.update(prefect_environment(project))
