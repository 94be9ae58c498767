"""Issue 10's walk through the REST API alone: upload resumes to a job, move candidates
(bulk and one by one), reject two in bulk with a reason and an email (read back from the
loopback SMTP server), schedule and complete an interview, the interviewer's scorecard,
on to Hired, and the job's analytics show the hire and the time to hire."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interviews.models import Interview
from jobs.tests.factories import JobFactory
from messaging.models import TemplateKind
from messaging.tests.factories import EmailTemplateFactory
from messaging.tests.test_services import _body
from pipeline.models import Candidacy, StageChange
from resumes.tests.documents import make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra")


def _resume_file(name: str) -> SimpleUploadedFile:
    first = name.split()[0].lower()
    text = (
        f"{name}\n{first}@example.org | (617) 555-0100 | Boston, MA\n\nExperience\n"
        "Platform Engineer, Acme Corp, Jan 2019 - Present\n- Ran Python services on Kubernetes.\n\n"
        "Skills\nPython, Kubernetes, PostgreSQL\n"
    )
    return SimpleUploadedFile(f"{first}.pdf", make_pdf(text), content_type="application/pdf")


def test_a_job_from_upload_to_hired_through_the_api(
    recruiter_api: Any, manager_api: Any, recruiter: Any, hiring_manager: Any, company: Any, smtp: Any
) -> None:
    job = JobFactory(company=company, title="Platform Engineer", skills_required=["Python", "Kubernetes"])
    template = EmailTemplateFactory(
        company=company,
        kind=TemplateKind.REJECTION,
        name="Not this time",
        subject="About {job_title}",
        body="Dear {candidate_first_name}, thank you for applying.",
    )
    jobs = f"/api/v1/jobs/{job.pk}"

    # 1. Upload: processed and scored in the request (eager tasks), each an applicant in Applied.
    response = recruiter_api.post(
        "/api/v1/resumes/upload",
        {"files": [_resume_file(name) for name in PEOPLE], "job_id": str(job.pk)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert [r["status"] for r in response.json()["results"]] == ["processed"] * 4

    def candidates() -> dict[str, Any]:
        response = recruiter_api.get(f"{jobs}/candidates")
        assert response.status_code == 200, response.content
        return {row["candidate_name"]: row for row in response.json()["results"]}

    rows = candidates()
    assert sorted(rows) == sorted(PEOPLE)
    assert {row["stage"]["name"] for row in rows.values()} == {"Applied"}
    ids = {name: row["resume_id"] for name, row in rows.items()}
    # The job's stages (and their ids) as the API shows them: its analytics, stage by stage.
    analytics = recruiter_api.get(f"{jobs}/analytics").json()
    stage = {row["name"]: row["stage_id"] for row in analytics["pipeline"]["stages"]}
    assert {"Applied", "Screen", "Interview", "Offer", "Hired", "Rejected"} <= set(stage)

    def bulk(**body: Any) -> Any:
        response = recruiter_api.post(f"{jobs}/candidates/bulk", body, format="json")
        assert response.status_code == 200, response.content
        return response.json()

    # 2. Moves: Ada in bulk, Grace one by one (the status "maybe" is the Screen stage).
    assert bulk(action="move", resume_ids=[ids["Ada Lovelace"]], stage_id=stage["Screen"])["message"] == "1 moved"
    response = recruiter_api.patch(f"{jobs}/candidates/{ids['Grace Hopper']}", {"status": "maybe"}, format="json")
    assert response.status_code == 200 and response.json()["stage"]["name"] == "Screen"

    # 3. The two left rejected in bulk with a reason and the email, read back from the SMTP server.
    report = bulk(
        action="reject",
        resume_ids=[ids["Alan Turing"], ids["Edsger Dijkstra"]],
        reason="Position filled",
        email_template_id=str(template.pk),
    )
    assert (report["done"], report["skipped"], report["emails"]) == (2, 0, 2)
    emails = {m["To"]: m for m in smtp.messages}
    assert sorted(emails) == ["alan@example.org", "edsger@example.org"]
    for address, first in (("alan@example.org", "Alan"), ("edsger@example.org", "Edsger")):
        assert emails[address]["Subject"] == "About Platform Engineer"
        assert f"Dear {first}, thank you for applying." in _body(emails[address])
    rows = candidates()
    assert {name: (row["status"], row["stage"]["name"]) for name, row in rows.items()} == {
        "Ada Lovelace": ("maybe", "Screen"),
        "Grace Hopper": ("maybe", "Screen"),
        "Alan Turing": ("rejected", "Rejected"),
        "Edsger Dijkstra": ("rejected", "Rejected"),
    }
    # A rejected candidate cannot be interviewed for the job.
    refused = recruiter_api.post(
        "/api/v1/interviews",
        {
            "resume_id": ids["Alan Turing"],
            "job_id": str(job.pk),
            "interview_type": "video",
            "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "email_candidate": False,
        },
        format="json",
    )
    assert refused.status_code == 400

    # 4. Ada's interview with Hana tomorrow; not completed before it starts.
    response = recruiter_api.post(
        "/api/v1/interviews",
        {
            "resume_id": ids["Ada Lovelace"],
            "job_id": str(job.pk),
            "interview_type": "video",
            "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "timezone": "UTC",
            "duration_minutes": 45,
            "meeting_link": "https://meet.example.org/ada",
            "interviewer_ids": [str(hiring_manager.pk)],
            "email_candidate": False,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    interview = f"/api/v1/interviews/{response.json()['id']}"
    assert recruiter_api.patch(interview, {"status": "completed"}, format="json").status_code == 400
    # The API refuses to complete an interview that has not started: time passes through the ORM.
    Interview.objects.filter(pk=response.json()["id"]).update(scheduled_at=timezone.now() - timedelta(hours=1))
    response = recruiter_api.patch(interview, {"status": "completed"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "completed", response.content

    # 5. Hana's scorecard: each of the job's competencies (from its required skills) and her recommendation.
    competencies = manager_api.get(f"{jobs}/competencies").json()
    competencies = competencies["results"] if isinstance(competencies, dict) else competencies
    competency = {c["name"]: c["id"] for c in competencies}
    assert set(competency) == {"Python", "Kubernetes"}
    response = manager_api.post(
        f"{interview}/feedback",
        {
            "ratings": [
                {"competency_id": competency["Python"], "rating": 4},
                {"competency_id": competency["Kubernetes"], "rating": 3},
            ],
            "recommendation": "yes",
            "comments": "Strong on both",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    [summary] = recruiter_api.get(f"/api/v1/resumes/{ids['Ada Lovelace']}/scorecards").json()
    assert summary["submitted"] == 1 and summary["recommendations"]["yes"] == 1
    assert {c["name"]: c["average"] for c in summary["competencies"]} == {"Python": 4.0, "Kubernetes": 3.0}

    # 6. Interview (the status "shortlisted"), then Offer and Hired in bulk.
    response = recruiter_api.patch(f"{jobs}/candidates/{ids['Ada Lovelace']}", {"status": "shortlisted"}, format="json")
    assert response.status_code == 200 and response.json()["stage"]["name"] == "Interview"
    for name in ("Offer", "Hired"):
        assert bulk(action="move", resume_ids=[ids["Ada Lovelace"]], stage_id=stage[name])["message"] == "1 moved"
    ada = Candidacy.objects.get(job=job, resume_id=ids["Ada Lovelace"])
    changes = StageChange.objects.filter(candidacy=ada).order_by("at")
    assert [c.to_stage.name for c in changes] == ["Applied", "Screen", "Interview", "Offer", "Hired"]
    assert [c.by for c in changes][1:] == [recruiter] * 4
    # Hiring her again changes nothing and says why.
    report = bulk(action="move", resume_ids=[ids["Ada Lovelace"]], stage_id=stage["Hired"])
    assert (report["done"], report["skipped"], report["message"]) == (0, 1, "0 moved, 1 skipped: already hired")
    assert StageChange.objects.filter(candidacy=ada).count() == 5

    # 7. The job's analytics: four applied, two screened, one interviewed and hired; a time to hire.
    analytics = recruiter_api.get(f"{jobs}/analytics").json()
    by_stage = {row["name"]: row for row in analytics["pipeline"]["stages"]}
    assert {
        name: (by_stage[name]["current"], by_stage[name]["reached"])
        for name in ("Applied", "Screen", "Interview", "Offer", "Hired")
    } == {"Applied": (0, 4), "Screen": (1, 2), "Interview": (0, 1), "Offer": (0, 1), "Hired": (1, 1)}
    assert (by_stage["Screen"]["conversion"], by_stage["Hired"]["conversion"]) == (0.5, 1.0)
    assert by_stage["Rejected"]["current"] == 2
    assert analytics["pipeline"]["time_to_hire"]["hired"] == 1
    assert analytics["pipeline"]["time_to_hire"]["median_days"] is not None
    assert analytics["interviewed"] == 1 and analytics["candidates"] == 4
    # And the company's overview counts the hire too.
    overview = recruiter_api.get("/api/v1/analytics/overview").json()
    assert overview["pipeline"]["time_to_hire"]["hired"] == 1
