"""config/settings.py evaluated under a given environment, as an operator's
process would see it, without touching the settings of the test process."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from unittest import mock

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "settings.py"
# Never inherited from the test session: an operator sets these themselves.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "LOG_FORMAT",
    "METRICS_TOKEN",
}


def settings_under(**env: str | None) -> dict:
    """A value of None removes that variable, as an operator who never set it."""
    base = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    # A database URL is only parsed here: no server is started or reached.
    base.setdefault("DATABASE_URL", "postgres://shortlist@127.0.0.1:1/unused")
    merged = {key: value for key, value in {**base, **env}.items() if value is not None}
    with mock.patch.dict(os.environ, merged, clear=True):
        return runpy.run_path(str(SETTINGS_FILE))
