"""Prefect settings for trialsift: everything stays inside the project, nothing is sent."""

from __future__ import annotations

import os
from pathlib import Path


def configure_prefect(home: Path) -> None:
    """Must run before `prefect` is imported: Prefect reads its settings at import time.

    PREFECT_HOME holds the embedded server's database and logs; keeping it inside the
    working area means a run touches nothing outside it. Analytics are switched off.
    Values already set by the user win.
    """
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The embedded server's first start on a fresh PREFECT_HOME creates its database; on a
    # 2-core machine that can exceed Prefect's 20 s default and fail the very first run.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
