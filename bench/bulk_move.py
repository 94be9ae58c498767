"""Bulk moves: candidates moved to another stage in one bulk action against one at a time.

    .venv/bin/python bench/bulk_move.py                 # 500 candidates, 3 rounds
    .venv/bin/python bench/bulk_move.py --count 2000

Each move leaves a stage history row, an audit entry and a webhook delivery (a
subscribed endpoint is set up). The bulk action (pipeline.services.candidacies_move)
writes each kind in one statement; the baseline moves the same number of candidates
one call at a time (pipeline.services.candidacy_move, as single moves from the board
do). Both run on the benchmark's own database (`shortlist_bench_bulk`), each inside a
transaction rolled back afterwards so that no delivery is sent and every round starts
alike. It prints the time and queries of each and their ratio; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402 - the repository is on the path only now

DATABASE = "shortlist_bench_bulk"


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    # CaptureQueriesContext counts past Django's 9,000-query log; the count stays right.
    warnings.filterwarnings("ignore", message="Limit for query logging exceeded")
    common.setup_django(DATABASE, {"LOG_LEVEL": "WARNING", "CELERY_TASK_ALWAYS_EAGER": "0"})

    from django.db import transaction

    # Everything happens in one transaction rolled back at the end: the database is left as it was.
    with transaction.atomic():
        results = run(args.count, args.rounds)
        transaction.set_rollback(True)
    medians = {name: statistics.median(seconds for seconds, _ in runs) for name, runs in results.items()}
    for name, runs in results.items():
        print(
            f"  {name:<14} {medians[name]:6.2f} s (median of {len(runs)}), {runs[0][1]:6d} queries, "
            f"{args.count / medians[name]:7.0f} candidates/s"
        )
    print(f"  bulk is {medians['one at a time'] / medians['bulk']:.1f}x faster")


def run(count: int, rounds: int) -> dict[str, list[tuple[float, int]]]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import UserFactory
    from integrations.models import WebhookEndpoint, WebhookEvent
    from jobs.tests.factories import JobFactory
    from pipeline import services
    from pipeline.models import Candidacy, StageKind
    from pipeline.tests.factories import CandidacyFactory, stage_of

    job = JobFactory(title="Bulk benchmark")
    company = job.company
    recruiter = UserFactory(company=company, role="recruiter")
    WebhookEndpoint.objects.create(
        company=company, url="https://hooks.example.com/in", events=[WebhookEvent.STAGE_CHANGED], secret="s"
    )
    CandidacyFactory.create_batch(count, job=job)
    screen = stage_of(job, StageKind.SCREEN)
    print(f"{count} candidates of one job; each move writes a history row, an audit entry and a webhook delivery")

    def one_at_a_time(rows: list[Candidacy]) -> None:
        for candidacy in rows:
            services.candidacy_move(user=recruiter, candidacy=candidacy, stage=screen, reason="bench")

    def in_bulk(rows: list[Candidacy]) -> None:
        report = services.candidacies_move(user=recruiter, candidacies=rows, stage=screen, reason="bench")
        assert report.moved == len(rows), str(report)

    results: dict[str, list[tuple[float, int]]] = {"one at a time": [], "bulk": []}
    for _ in range(rounds):
        for name, move in (("one at a time", one_at_a_time), ("bulk", in_bulk)):
            rows = list(Candidacy.objects.filter(job=job))
            try:
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    move(rows)
                    elapsed = time.perf_counter() - started
                    raise Rollback
            except Rollback:
                results[name].append((elapsed, len(queries)))
    return results


if __name__ == "__main__":
    main()
