import pytest
from django.core.management import call_command

from jobs.tests.factories import JobFactory
from matching.models import MatchResult, ResumeChunk
from matching.tests.factories import MatchResultFactory
from resumes.models import Resume

pytestmark = pytest.mark.django_db


def test_reembed_refreshes_stale_resumes_and_rescores_jobs_keeping_status(company):
    job = JobFactory(company=company)
    match = MatchResultFactory(job=job, status="shortlisted", match_score=1.0, resume__embedding_model="old-model")
    Resume.objects.filter(pk=match.resume_id).update(embedding=[1.0] + [0.0] * 383)
    call_command("reembed", stdout=open("/dev/null", "w"))
    resume = Resume.objects.get(pk=match.resume_id)
    assert resume.embedding_model == "all-MiniLM-L6-v2"
    assert ResumeChunk.objects.filter(resume=resume).count() >= 1
    match.refresh_from_db()
    assert match.status == "shortlisted" and match.match_score != 1.0
    job.refresh_from_db()
    assert job.embedding is not None and job.embedding_model == "all-MiniLM-L6-v2"
    assert MatchResult.objects.filter(job=job, resume=resume).count() == 1
