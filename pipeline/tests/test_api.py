"""The API's statuses keep working on top of stages."""

from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from pipeline.models import Candidacy, Stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, stage", [("maybe", "Screen"), ("shortlisted", "Interview"), ("rejected", "Rejected"), ("pending", "Applied")]
)
def test_each_status_set_through_the_api_reads_back_with_its_stage(recruiter_api: Any, company: Any, status: Any, stage: Any) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), status="maybe" if status == "pending" else None)
    url = f"/api/v1/jobs/{match.job_id}/candidates/{match.resume_id}"
    body = recruiter_api.patch(url, {"status": status}, format="json").json()
    assert (body["status"], body["stage"]["name"]) == (status, stage)
    listed = recruiter_api.get(f"/api/v1/jobs/{match.job_id}/candidates", {"status": status}).json()["results"]
    assert [row["resume_id"] for row in listed] == [str(match.resume_id)]
    assert Candidacy.objects.get(job=match.job, resume=match.resume).stage.name == stage


def test_a_candidate_past_the_interview_stays_there_when_set_shortlisted_again(recruiter_api: Any, recruiter: Any, company: Any) -> None:
    match = MatchResultFactory(job=JobFactory(company=company), status="shortlisted")
    candidacy = Candidacy.objects.get(job=match.job, resume=match.resume)
    from pipeline.services import candidacy_move

    candidacy_move(user=recruiter, candidacy=candidacy, stage=Stage.objects.get(company=company, job=None, name="Offer"))
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
