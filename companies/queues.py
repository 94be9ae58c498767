"""Which queue a company's background work waits in: the one rule for task queues.

- `interactive`: what a recruiter is looking at the screen for: a single upload,
  a job save, a retry, a click. Workers always take it first.
- `bulk.<shard>`: ingestion of a multi-file or ZIP upload, and what the sweeps
  re-queue. Each company hashes to one of SHORTLIST_BULK_QUEUES shards and workers
  take the shards in turn, so one company's 1,000 files wait behind each other,
  not in front of another company's (two companies share a shard only by hash).
- `maintenance`: beat's periodic sweeps and purges, in turn with the bulk shards.

A task queued by a running task waits in its parent's queue (config/queues.py):
the matching of a bulk resume stays bulk, that of a single upload interactive.
Pure names and arithmetic, no models: settings.py declares the queues from here.
"""

from __future__ import annotations

import hashlib

INTERACTIVE = "interactive"
MAINTENANCE = "maintenance"
BULK_PREFIX = "bulk."
DEFAULT_BULK_QUEUES = 8


def _shards() -> int:
    from django.conf import settings

    return getattr(settings, "SHORTLIST_BULK_QUEUES", DEFAULT_BULK_QUEUES)


def bulk_queue(company_id) -> str:
    # A stable hash (not Python's salted hash()): every process must agree.
    digest = hashlib.blake2b(str(company_id).encode(), digest_size=8).digest()
    return f"{BULK_PREFIX}{int.from_bytes(digest, 'big') % _shards()}"


def ingest_queue(*, company_id, bulk: bool) -> str:
    return bulk_queue(company_id) if bulk else INTERACTIVE


def queue_names(*, bulk_queues: int) -> list[str]:
    """Every queue a worker consumes, interactive first."""
    return [INTERACTIVE, *(f"{BULK_PREFIX}{n}" for n in range(bulk_queues)), MAINTENANCE]
