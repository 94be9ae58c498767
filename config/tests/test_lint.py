"""`make lint` as a test, so that a run of the test suite alone (as before every merge)
finds what CI's lint step would refuse: ruff's findings and layout, and mypy's errors, with the
settings in pyproject.toml (strict for new apps)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=900)


def test_ruff_finds_nothing():
    result = _run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_laid_out_by_ruff_format():
    result = _run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    # The second run in a checkout takes seconds: mypy keeps its cache in .mypy_cache.
    result = _run(sys.executable, "-m", "mypy", ".")
    assert result.returncode == 0, result.stdout + result.stderr
