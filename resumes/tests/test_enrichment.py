"""Enrichment (skills, vectors) is an explicit step: computed before the resume's row is
locked, stored inside the transaction that marks it processed."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from resumes import enrichment, services
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import ResumeFactory


def _row_lockable_from_another_connection(resume_id) -> bool:
    outcome: list[bool] = []

    def probe() -> None:
        try:
            with transaction.atomic():
                Resume.objects.select_for_update(nowait=True).get(pk=resume_id)
            outcome.append(True)
        except DatabaseError:
            outcome.append(False)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=60)
    return outcome == [True]


class Probe:
    def __init__(self) -> None:
        self.seen: dict[str, bool] = {}

    def compute(self, resume):
        self.seen["compute_saw_parsed_text"] = "Django" in resume.content
        self.seen["unlocked_while_computing"] = _row_lockable_from_another_connection(resume.pk)
        return {"note": "computed"}

    def apply(self, resume, computed):
        self.seen["applied"] = computed == {"note": "computed"}
        self.seen["locked_while_applying"] = not _row_lockable_from_another_connection(resume.pk)


@pytest.fixture
def probe():
    added = Probe()
    enrichment.register("probe", added)
    yield added
    enrichment._enrichers.pop("probe", None)


@pytest.mark.django_db(transaction=True)
def test_the_slow_step_runs_before_the_row_is_locked_and_is_stored_under_the_lock(company, probe):
    resume = ResumeFactory(company=company, status=ResumeStatus.PENDING)

    services.resume_process(resume_id=resume.pk)

    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSED, resume.error
    assert probe.seen == {
        "compute_saw_parsed_text": True,
        "unlocked_while_computing": True,
        "applied": True,
        "locked_while_applying": True,
    }
    # matching's enricher ran too: the invariant (vectors and chunks) holds.
    assert resume.embedding is not None and resume.skill_names
    assert resume.chunks.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_enricher_fails_the_ingest_with_a_reason(company):
    class Broken:
        def compute(self, resume):
            raise RuntimeError("taxonomy file is unreadable")

        def apply(self, resume, computed):
            raise AssertionError("never reached")

    enrichment.register("broken", Broken())
    try:
        resume = ResumeFactory(company=company, status=ResumeStatus.PENDING)
        with pytest.raises(RuntimeError):
            services.resume_process(resume_id=resume.pk)
    finally:
        enrichment._enrichers.pop("broken", None)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED
    assert resume.error == services.INTERNAL_ERROR_REASON
    assert not resume.chunks.exists()


@pytest.mark.django_db(transaction=True)
def test_the_duplicate_lookup_runs_once_and_still_finds_the_earlier_resume(company):
    from django.test.utils import CaptureQueriesContext

    earlier = ResumeFactory(company=company, email="jane.smith@example.com")
    resume = ResumeFactory(company=company, status=ResumeStatus.PENDING, email="")
    with CaptureQueriesContext(connection) as queries:
        services.resume_process(resume_id=resume.pk)
    lookups = [q["sql"] for q in queries.captured_queries if "UPPER" in q["sql"] and '"email"' in q["sql"]]
    assert len(lookups) == 1, lookups
    resume.refresh_from_db()
    assert resume.email == "jane.smith@example.com" and resume.duplicate_of == earlier
