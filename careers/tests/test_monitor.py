import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from careers.models import Application, SelfIdentification
from companies.models import Company
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(company: Company) -> JobDescription:
    job: JobDescription = JobFactory(company=company, title="Monitored job")
    return job


def _applicant(job: JobDescription, *, gender: str, status: str, score: float) -> None:
    match = MatchResultFactory(job=job, resume__company=job.company, status=status, match_score=score)
    application = Application.objects.create(
        company=job.company,
        job=job,
        resume=match.resume,
        full_name="x",
        email=f"{match.pk}@example.test",
        consented_at=timezone.now(),
    )
    SelfIdentification.objects.create(company=job.company, job=job, application_id=application.pk, gender=gender)


def test_admins_see_the_four_fifths_warning(
    client: Client, admin_user: User, job: JobDescription, settings: Settings
) -> None:
    settings.CAREERS_MONITOR_MIN_GROUP_SIZE = 5
    for i in range(10):
        _applicant(job, gender="woman", status="shortlisted" if i < 2 else "pending", score=0.5 - i / 100)
    for i in range(10):
        _applicant(job, gender="man", status="shortlisted" if i < 6 else "pending", score=0.9 - i / 100)
    for _ in range(2):
        _applicant(job, gender="non_binary", status="pending", score=0.1)
    client.force_login(admin_user)
    page = client.get(f"/fairness/jobs/{job.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "below four fifths" in text and "0.33 (below 0.8)" in text  # 20% against 60%
    assert "Non-binary" not in text  # two applicants: hidden
    assert "1 group under 5 applicants hidden" in text


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager"])
def test_only_company_admins_may_see_it(
    client: Client, job: JobDescription, role: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/fairness/jobs/{job.pk}/").status_code == 403


def test_the_job_page_links_to_the_monitor_for_admins_only(
    client: Client, admin_user: User, recruiter: User, job: JobDescription
) -> None:
    client.force_login(admin_user)
    assert f'href="/fairness/jobs/{job.pk}/"' in client.get(f"/jobs/{job.pk}/").content.decode()
    client.force_login(recruiter)
    assert "/fairness/" not in client.get(f"/jobs/{job.pk}/").content.decode()
