"""The one place tests find the shared corpora (../shared/corpora, or $SHORTLIST_CORPORA).

Locally a missing corpus skips the test with a reason. CI exports
SHORTLIST_REQUIRE_CORPORA=1 (.ci/run), and there a missing corpus fails the
test: a check that silently stops running is worse than one that fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resumes.evaluation import corpora_path

__all__ = ["corpora_path", "corpora_required", "require_corpora"]


def corpora_required() -> bool:
    return os.environ.get("SHORTLIST_REQUIRE_CORPORA", "").strip().lower() not in ("", "0", "false", "no")


def require_corpora(*parts: str) -> Path:
    """The path `parts` under the corpora; skips (or fails, when required) the calling test if it is absent."""
    path = corpora_path().joinpath(*parts)
    if not path.exists():
        message = f"shared corpora not found at {path} (set SHORTLIST_CORPORA)"
        if corpora_required():
            pytest.fail(
                f"{message}; SHORTLIST_REQUIRE_CORPORA is set, so this fails instead of skipping", pytrace=False
            )
        pytest.skip(message)
    return path
