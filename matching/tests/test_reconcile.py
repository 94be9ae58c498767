"""The invariant of ingestion and the reconciliation sweep that restores it.

A processed resume always has its vector, its chunk vectors and a match row for
every job it was uploaded for or attached to; the sweep re-queues stuck work and
repairs whatever a fault left half done (tests of the sweep's code: the hashing
embedder stands in for the model)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.tests.factories import JobFactory
from matching.models import MatchResult, ResumeChunk
from matching.selectors import Violation, invariant_violations
from matching.services import reconcile
from resumes import extraction, services as resume_services
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import SAMPLE_TEXT, ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(company, recruiter, django_capture_on_commit_callbacks):
    """A resume uploaded for one job and attached to a second, processed and matched."""
    first, second = JobFactory(company=company), JobFactory(company=company)
    with django_capture_on_commit_callbacks(execute=True):
        resume_services.resume_upload(
            company=company, user=recruiter, files=[SimpleUploadedFile("jane.txt", SAMPLE_TEXT.encode())], job=first
        )
    with django_capture_on_commit_callbacks(execute=True):
        batch = resume_services.resume_upload(
            company=company, user=recruiter, files=[SimpleUploadedFile("jane.txt", SAMPLE_TEXT.encode())], job=second
        )
    resume = Resume.objects.get(pk=batch.results[0].resume.pk)
    assert resume.status == ResumeStatus.PROCESSED and resume.also_for_job_ids == [second.pk]
    return resume, first, second


def _break(resume, *, job):
    """What an outage left: no match for `job`, no vectors."""
    MatchResult.objects.filter(resume=resume, job=job).delete()
    ResumeChunk.objects.filter(resume=resume).delete()
    Resume.objects.filter(pk=resume.pk).update(embedding=None, updated_at=timezone.now() - timedelta(minutes=5))


def test_the_invariant_names_what_a_processed_resume_lacks(uploaded, company):
    resume, first, second = uploaded
    assert invariant_violations() == []

    _break(resume, job=second)
    assert set(invariant_violations()) == {
        Violation(resume_id=resume.pk, kind="vectors"),
        Violation(resume_id=resume.pk, kind="match", job_id=second.pk),
    }
    # A resume changed a moment ago may still have its match task on the way.
    assert invariant_violations(settled_before=timezone.now() - timedelta(minutes=10)) == []
    # Work not done yet is no violation; nor is a job that no longer exists.
    ResumeFactory(company=company, status=ResumeStatus.PENDING, job=first)
    second.delete()
    assert invariant_violations() == [Violation(resume_id=resume.pk, kind="vectors")]


def test_the_sweep_restores_missing_vectors_and_match_rows(uploaded, settings):
    resume, first, second = uploaded
    _break(resume, job=second)
    MatchResult.objects.filter(resume=resume, job=first).delete()

    result = reconcile()

    assert result.vectors_restored == 1 and result.matches_restored == 2
    assert invariant_violations() == []
    resume.refresh_from_db()
    assert resume.embedding is not None and ResumeChunk.objects.filter(resume=resume).exists()
    assert set(MatchResult.objects.filter(resume=resume).values_list("job_id", "source")) == {
        (first.pk, "uploaded"),
        (second.pk, "uploaded"),
    }
    # Nothing left to do: a second sweep changes nothing.
    assert reconcile().as_dict() == {
        "resumes_requeued": 0,
        "jobs_requeued": 0,
        "vectors_restored": 0,
        "matches_restored": 0,
        "skipped": False,
    }


def test_the_sweep_requeues_a_dead_workers_claim_and_leaves_a_live_one(
    company, settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    dead = ResumeFactory(company=company, status=ResumeStatus.PROCESSING, attempts=1)
    live = ResumeFactory(company=company, status=ResumeStatus.PROCESSING, attempts=1)
    Resume.objects.filter(pk=dead.pk).update(heartbeat_at=now - timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS + 5))
    Resume.objects.filter(pk=live.pk).update(heartbeat_at=now - timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS - 5))

    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile().resumes_requeued == 1

    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.status == ResumeStatus.PROCESSED and dead.attempts == 2
    assert live.status == ResumeStatus.PROCESSING and live.attempts == 1


def test_a_pending_resume_is_queued_again_once_per_period(company, settings, monkeypatch):
    queued = []
    monkeypatch.setattr(resume_services, "_queue_ingest", lambda resume_id, **_: queued.append(resume_id))
    waiting = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    fresh = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    Resume.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - settings.SHORTLIST_STUCK_AFTER * 2)

    assert reconcile().resumes_requeued == 1
    assert queued == [waiting.pk]
    # Queued again just now: the next sweep leaves it to its new message.
    assert reconcile().resumes_requeued == 0
    assert fresh.pk not in queued


@pytest.mark.django_db(transaction=True)
def test_a_long_running_ingest_renews_its_lease_so_the_sweep_leaves_it(company, settings, monkeypatch):
    settings.SHORTLIST_LEASE_SECONDS = 3  # renewed every second
    resume = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    original = extraction.extract_text
    seen = {}

    def slow_extract_text(*args, **kwargs):
        # Longer than the lease: the claim stays alive only because it is renewed.
        claimed = Resume.objects.values_list("heartbeat_at", flat=True).get(pk=resume.pk)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            heartbeat = Resume.objects.values_list("heartbeat_at", flat=True).get(pk=resume.pk)
            if heartbeat > claimed + timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS):
                break
            time.sleep(0.1)
        seen["renewed"] = heartbeat - claimed
        seen["requeued"] = resume_services.resumes_requeue_stuck()
        return original(*args, **kwargs)

    monkeypatch.setattr(extraction, "extract_text", slow_extract_text)
    processed = resume_services.resume_process(resume_id=resume.pk)

    assert seen["renewed"] > timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS)
    assert seen["requeued"] == 0
    assert processed.status == ResumeStatus.PROCESSED and processed.attempts == 1


def test_an_empty_broker_has_every_pending_resume_queued_again_at_once(company, monkeypatch, uploaded):
    from config import health
    from config.tasks import reconcile as reconcile_task

    queued = []
    monkeypatch.setattr(resume_services, "_queue_ingest", lambda resume_id, **_: queued.append(resume_id))
    # Queued half a minute ago: not yet "too long", but the broker restarted since and holds nothing.
    lost = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    Resume.objects.filter(pk=lost.pk).update(queued_at=timezone.now() - timedelta(seconds=30))
    just_now = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    # And a processed resume whose match task was lost with it.
    resume, first, _ = uploaded
    MatchResult.objects.filter(resume=resume, job=first).delete()
    Resume.objects.filter(pk=resume.pk).update(updated_at=timezone.now() - timedelta(seconds=30))

    monkeypatch.setattr(health, "queue_depth", lambda: 3)
    result = reconcile_task.apply().get()
    assert result["resumes_requeued"] == 0 and result["matches_restored"] == 0
    monkeypatch.setattr(health, "queue_depth", lambda: 0)
    result = reconcile_task.apply().get()
    assert result["resumes_requeued"] == 1 and result["matches_restored"] == 1
    assert queued == [lost.pk] and just_now.pk not in queued
