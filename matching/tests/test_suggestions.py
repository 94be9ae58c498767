"""Talent-pool suggestions of existing jobs stay fresh as resumes arrive (real model, real database)."""

import pytest

from jobs import services as job_services
from matching import selectors
from matching.models import MatchSource
from matching.tests.conftest import NURSE_RESUME, PYTHON_RESUME

pytestmark = [pytest.mark.model, pytest.mark.django_db(transaction=True)]


def suggested_ids(job):
    return [m.resume_id for m in selectors.ranked_candidates(job=job, suggested_only=True)]


def test_a_resume_processed_after_the_job_was_saved_is_suggested(ingest, company, recruiter, settings):
    settings.SHORTLIST_SUGGESTIONS_TOP_K = 1
    job = job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Django Developer",
        description="Build Django REST APIs backed by PostgreSQL.",
        skills_required=["Django"],
    )
    assert suggested_ids(job) == []  # an empty pool when the job was saved

    # Resumes arrive later, for another job: the open job's suggestions follow without a save.
    other_job = job_services.job_create(
        company=company, created_by=recruiter, title="Ward Nurse", description="Patient care on a ward."
    )
    nurse = ingest(NURSE_RESUME, name="nurse.txt")
    assert suggested_ids(job) == [nurse.pk]  # the only one in the pool, so the nearest
    developer = ingest(PYTHON_RESUME, job=other_job, name="dev.txt")
    # The developer is nearer than the nurse: a suggestion now (the top-K holds at least
    # the nearer one; a suggestion already made is kept, never withdrawn behind the user's back).
    assert developer.pk in suggested_ids(job)
    assert (
        selectors.ranked_candidates(job=job, suggested_only=True).get(resume=developer).source == MatchSource.SUGGESTED
    )
    # Not a candidate of the job yet, and the job it was uploaded for has it as an upload.
    assert not selectors.ranked_candidates(job=job).exists()
    assert [m.resume_id for m in selectors.ranked_candidates(job=other_job)] == [developer.pk]


def test_a_far_resume_does_not_join_a_full_top_k(ingest, company, recruiter, settings):
    settings.SHORTLIST_SUGGESTIONS_TOP_K = 1
    developer = ingest(PYTHON_RESUME, name="dev.txt")
    job = job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Django Developer",
        description="Build Django REST APIs backed by PostgreSQL.",
        skills_required=["Django"],
    )
    assert suggested_ids(job) == [developer.pk]
    ingest(NURSE_RESUME, name="nurse.txt")
    assert suggested_ids(job) == [developer.pk]


def test_a_closed_job_gets_no_new_suggestions(ingest, company, recruiter):
    job = job_services.job_create(
        company=company, created_by=recruiter, title="Django Developer", description="Build Django REST APIs."
    )
    job_services.job_close(job=job, user=recruiter)
    ingest(PYTHON_RESUME, name="dev.txt")
    assert suggested_ids(job) == []
