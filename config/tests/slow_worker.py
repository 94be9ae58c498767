"""The Celery app for a worker whose ingest is deliberately slow (tests only).

`celery -A config.tests.slow_worker worker` with SHORTLIST_TEST_INGEST_DELAY=<s>
runs the real app, except that text extraction sleeps first: the resume is
claimed (status processing) and then stays in the middle of its task long enough
for a test to kill the worker there. Nothing in the product reads that variable.
"""

import os
import time

from celery import signals

from config.celery_app import app

__all__ = ["app"]

_patched = False


@signals.task_prerun.connect
def _slow_down_extraction(**kwargs):
    global _patched
    if _patched:
        return
    from resumes import extraction

    original = extraction.extract_text
    delay = float(os.environ.get("SHORTLIST_TEST_INGEST_DELAY", "60"))

    def slow_extract_text(*args, **kw):
        time.sleep(delay)
        return original(*args, **kw)

    extraction.extract_text = slow_extract_text
    _patched = True
