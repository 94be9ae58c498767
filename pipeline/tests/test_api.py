"""The API's statuses keep working on top of stages."""

from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from pipeline.models import Candidacy, Stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, stage",
    [("maybe", "Screen"), ("shortlisted", "Interview"), ("rejected", "Rejected"), ("pending", "Applied")],
)
def test_each_status_set_through_the_api_reads_back_with_its_stage(
    recruiter_api: Any, company: Any, status: Any, stage: Any
) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), status="maybe" if status == "pending" else None)
    url = f"/api/v1/jobs/{match.job_id}/candidates/{match.resume_id}"
    body = recruiter_api.patch(url, {"status": status}, format="json").json()
    assert (body["status"], body["stage"]["name"]) == (status, stage)
    listed = recruiter_api.get(f"/api/v1/jobs/{match.job_id}/candidates", {"status": status}).json()["results"]
    assert [row["resume_id"] for row in listed] == [str(match.resume_id)]
    assert Candidacy.objects.get(job=match.job, resume=match.resume).stage.name == stage


def test_a_candidate_past_the_interview_stays_there_when_set_shortlisted_again(
    recruiter_api: Any, recruiter: Any, company: Any
) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), status="shortlisted")
    candidacy = Candidacy.objects.get(job=match.job, resume=match.resume)
    from pipeline.services import candidacy_move

    candidacy_move(
        user=recruiter, candidacy=candidacy, stage=Stage.objects.get(company=company, job=None, name="Offer")
    )
    url = f"/api/v1/jobs/{match.job_id}/candidates/{match.resume_id}"
    body = recruiter_api.patch(url, {"status": "shortlisted"}, format="json").json()
    assert (body["status"], body["stage"]["name"]) == ("shortlisted", "Offer")


def test_a_suggestion_given_a_status_becomes_a_candidate_from_the_talent_pool(recruiter_api: Any, company: Any) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), source="suggested")
    url = f"/api/v1/jobs/{match.job_id}/candidates/{match.resume_id}"
    assert recruiter_api.get(url).json()["status"] == "pending"
    body = recruiter_api.patch(url, {"status": "maybe"}, format="json").json()
    assert (body["status"], body["source"]) == ("maybe", "added")
    assert Candidacy.objects.get(job=match.job, resume=match.resume).source == "talent_pool"


def test_another_companys_candidate_is_404(outsider_api: Any, company: Any) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), status="maybe")
    url = f"/api/v1/jobs/{match.job_id}/candidates/{match.resume_id}"
    assert outsider_api.patch(url, {"status": "rejected"}, format="json").status_code == 404
    assert Candidacy.objects.get(job=match.job, resume=match.resume).stage.name == "Screen"


def test_a_jobs_stages_in_order_with_what_status_they_read_as(
    manager_api: Any, outsider_api: Any, company: Any
) -> None:
    job = JobFactory(company=company)
    response = manager_api.get(f"/api/v1/jobs/{job.pk}/stages")
    assert response.status_code == 200, response.content
    stages = response.json()
    assert [s["name"] for s in stages] == ["Applied", "Screen", "Interview", "Offer", "Hired", "Rejected", "Withdrawn"]
    assert [s["status"] for s in stages][:3] == ["pending", "maybe", "shortlisted"]
    assert stages[-2]["status"] == "rejected" and not any(s["own"] for s in stages)
    assert {s["id"] for s in stages} == {
        str(pk) for pk in Stage.objects.filter(company=company, job__isnull=True).values_list("pk", flat=True)
    }

    # A job with its own pipeline lists its own stages.
    Stage.objects.create(company=company, job=job, name="Take-home", kind="active", position=0)
    own = manager_api.get(f"/api/v1/jobs/{job.pk}/stages").json()
    assert [(s["name"], s["own"]) for s in own] == [("Take-home", True)]

    assert outsider_api.get(f"/api/v1/jobs/{job.pk}/stages").status_code == 404
