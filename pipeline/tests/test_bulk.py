"""Bulk actions: one request, one transaction, reported back; portal and API; a foreign id
refuses the request and touches nothing; a hiring manager may not."""

from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from messaging.models import CandidateMessage, TemplateKind
from messaging.tests.factories import EmailTemplateFactory
from pipeline.models import Candidacy, CandidacySource, StageChange, StageKind
from pipeline.selectors import pipeline_stages
from pipeline.services import candidacy_ensure, candidacy_move
from pipeline.tests.factories import stage_of
from pipeline.tests.test_board import HX, css, one, parse, text
from sharing.models import SharedLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(company: Any) -> Any:
    return JobFactory(company=company, title="Backend Engineer")


def _candidate(job: Any, name: str, score: float, email: str = "") -> Any:
    first = name.split()[0].lower()
    match = MatchResultFactory(
        job=job, match_score=score, resume__candidate_name=name, resume__email=email or f"{first}@example.org"
    )
    candidacy_ensure(job=job, resume=match.resume)
    return match.resume


@pytest.fixture
def people(job: Any) -> dict[str, Any]:
    return {
        "ada": _candidate(job, "Ada Lovelace", 91),
        "bob": _candidate(job, "Bob Builder", 64),
        "cy": _candidate(job, "Cy Young", 47),
        "dee": _candidate(job, "Dee Dee", 30),
    }


def _stage_names(job: Any) -> dict[str, str]:
    return dict(Candidacy.objects.filter(job=job).values_list("resume__candidate_name", "stage__name"))


BULK = "/api/v1/jobs/{}/candidates/bulk"


def test_a_bulk_move_through_the_portal_reports_moved_and_skipped(
    recruiter_client: Any, recruiter: Any, job: Any, people: Any
) -> None:
    hired = stage_of(job, StageKind.HIRED)
    candidacy_move(user=recruiter, candidacy=Candidacy.objects.get(job=job, resume=people["dee"]), stage=hired)
    ids = [str(people[n].pk) for n in ("ada", "bob", "dee")]
    response = recruiter_client.post(
        f"/pipeline/jobs/{job.pk}/bulk/", {"action": "move", "to_stage": hired.pk, "resume": ids}, **HX
    )
    answer = parse(response.content)
    assert text(one(answer, "#candidates-announce")) == "2 moved, 1 skipped: already hired"
    assert _stage_names(job) == {
        "Ada Lovelace": "Hired",
        "Bob Builder": "Hired",
        "Cy Young": "Applied",
        "Dee Dee": "Hired",
    }
    # The results came back with the moved candidates in their stage.
    assert len(css(answer, ".candidate-row")) == 4


def test_all_that_match_the_filter_in_one_request(recruiter_client: Any, job: Any, people: Any) -> None:
    screen = stage_of(job, StageKind.SCREEN)
    response = recruiter_client.post(
        f"/pipeline/jobs/{job.pk}/bulk/",
        {
            "action": "move",
            "to_stage": screen.pk,
            "all_matching": "1",
            "min_score": "50",
            "resume": [str(people["dee"].pk)],
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/?min_score=50#candidates"
    assert _stage_names(job) == {
        "Ada Lovelace": "Screen",
        "Bob Builder": "Screen",
        "Cy Young": "Applied",
        "Dee Dee": "Applied",
    }


def test_all_that_match_includes_candidates_not_scored_yet(
    recruiter_client: Any, recruiter_api: Any, job: Any, people: Any
) -> None:
    # The board shows them in their stage; "all that match" must not leave them behind.
    from resumes.tests.factories import ResumeFactory

    waiting = ResumeFactory(company=job.company, candidate_name="Wes Waiting", content="", status="processing")
    candidacy_ensure(job=job, resume=waiting)
    panel = recruiter_client.get(
        f"/matching/jobs/{job.pk}/candidates/", {"stage": str(stage_of(job, StageKind.APPLIED).pk)}
    )
    assert "or all 5 that match the filter (1 not scored yet)" in " ".join(panel.content.decode().split())
    screen = stage_of(job, StageKind.SCREEN)
    response = recruiter_api.post(
        BULK.format(job.pk),
        {"action": "move", "stage_id": str(screen.pk), "all_matching": True, "filters": {"q": "w"}},
        format="json",
    )
    assert response.json()["message"] == "1 moved"
    assert _stage_names(job)["Wes Waiting"] == "Screen"
    # A minimum score is a filter nobody without a score meets.
    response = recruiter_api.post(
        BULK.format(job.pk),
        {"action": "move", "stage_id": str(screen.pk), "all_matching": True, "filters": {"min_score": 10}},
        format="json",
    )
    assert response.json()["message"] == "4 moved"


def test_a_bulk_rejection_with_email_is_read_back_from_the_smtp_server(
    recruiter_api: Any, company: Any, job: Any, people: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    template = EmailTemplateFactory(
        company=company,
        kind=TemplateKind.REJECTION,
        name="Not this time",
        subject="Your application for {job_title}",
        body="Dear {candidate_first_name},\n\nWe went another way.",
    )
    rejected = stage_of(job, StageKind.REJECTED)
    Candidacy.objects.filter(job=job, resume=people["cy"]).update(stage=rejected)
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_api.post(
            BULK.format(job.pk),
            {
                "action": "reject",
                "resume_ids": [str(people[n].pk) for n in ("ada", "bob", "cy")],
                "reason": "Position filled",
                "email_template_id": str(template.pk),
            },
            format="json",
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == "2 rejected, 1 skipped: already rejected; 2 emails queued"
    assert (body["done"], body["skipped"], body["reasons"], body["emails"]) == (2, 1, {"already rejected": 1}, 2)
    received = sorted((m["To"], m["Subject"]) for m in smtp.messages)
    assert received == [
        ("ada@example.org", "Your application for Backend Engineer"),
        ("bob@example.org", "Your application for Backend Engineer"),
    ]
    plain = [
        part.get_payload(decode=True).decode()
        for m in smtp.messages
        for part in m.walk()
        if part.get_content_type() == "text/plain"
    ]
    assert sorted(body.splitlines()[0] for body in plain) == ["Dear Ada,", "Dear Bob,"]
    ada = Candidacy.objects.get(job=job, resume=people["ada"])
    assert ada.stage == rejected and ada.rejection_reason == "Position filled"
    assert CandidateMessage.objects.filter(resume=people["ada"], job=job, template=template).exists()


def test_a_rejection_needs_a_reason_and_changes_nothing_without_one(recruiter_api: Any, job: Any, people: Any) -> None:
    response = recruiter_api.post(
        BULK.format(job.pk), {"action": "reject", "resume_ids": [str(people["ada"].pk)]}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()
    assert set(_stage_names(job).values()) == {"Applied"}


def test_add_to_another_job_through_the_portal(
    recruiter_client: Any, recruiter: Any, company: Any, job: Any, people: Any
) -> None:
    other = JobFactory(company=company, title="Data Engineer")
    candidacy_ensure(job=other, resume=people["bob"])
    response = recruiter_client.post(
        f"/pipeline/jobs/{job.pk}/bulk/",
        {"action": "add_to_job", "target_job": other.pk, "resume": [str(people["ada"].pk), str(people["bob"].pk)]},
        **HX,
    )
    assert (
        text(one(parse(response.content), "#candidates-announce"))
        == "1 added to Data Engineer, 1 skipped: already in Data Engineer"
    )
    added = Candidacy.objects.get(job=other, resume=people["ada"])
    assert added.source == CandidacySource.TALENT_POOL and added.stage_changed_by == recruiter
    assert added.stage.kind == StageKind.APPLIED


def test_share_creates_a_link_for_each_and_shows_them_once(recruiter_api: Any, job: Any, people: Any) -> None:
    response = recruiter_api.post(
        BULK.format(job.pk),
        {"action": "share", "resume_ids": [str(people["ada"].pk), str(people["cy"].pk)], "expires_in_days": 3},
        format="json",
    )
    body = response.json()
    assert body["message"] == "2 shared" and sorted(link["candidate"] for link in body["links"]) == [
        "Ada Lovelace",
        "Cy Young",
    ]
    assert SharedLink.objects.filter(job=job, resume__in=[people["ada"], people["cy"]]).count() == 2
    # Each link opens the candidate's public page.
    from urllib.parse import urlparse

    from django.test import Client

    ada = next(link for link in body["links"] if link["candidate"] == "Ada Lovelace")
    assert "Ada Lovelace" in Client().get(urlparse(ada["url"]).path).content.decode()


def test_a_bulk_move_through_the_api(recruiter_api: Any, recruiter: Any, job: Any, people: Any) -> None:
    interview = next(s for s in pipeline_stages(job=job) if s.name == "Interview")
    response = recruiter_api.post(
        BULK.format(job.pk),
        {"action": "move", "stage_id": str(interview.pk), "all_matching": True, "filters": {"q": "b"}},
        format="json",
    )
    assert response.json()["message"] == "1 moved"
    assert _stage_names(job)["Bob Builder"] == "Interview"
    assert StageChange.objects.filter(candidacy__resume=people["bob"], to_stage=interview, by=recruiter).exists()


def test_another_companys_id_in_the_list_refuses_the_request_and_touches_nothing(
    recruiter_api: Any, recruiter_client: Any, outsider: Any, job: Any, people: Any
) -> None:
    foreign_job = JobFactory(company=outsider.company)
    foreign = MatchResultFactory(job=foreign_job).resume
    candidacy_ensure(job=foreign_job, resume=foreign)
    screen = stage_of(job, StageKind.SCREEN)
    response = recruiter_api.post(
        BULK.format(job.pk),
        {"action": "move", "stage_id": str(screen.pk), "resume_ids": [str(people["ada"].pk), str(foreign.pk)]},
        format="json",
    )
    assert response.status_code == 404 and str(foreign.pk) in response.json()["detail"]
    portal = recruiter_client.post(
        f"/pipeline/jobs/{job.pk}/bulk/",
        {"action": "move", "to_stage": screen.pk, "resume": [str(people["ada"].pk), str(foreign.pk)]},
    )
    assert portal.status_code == 404
    assert set(_stage_names(job).values()) == {"Applied"}
    assert Candidacy.objects.get(resume=foreign).stage.kind == StageKind.APPLIED
    # Another company's job, or a stage of theirs: 404 as well.
    foreign_screen = stage_of(foreign_job, StageKind.SCREEN)
    assert (
        recruiter_api.post(
            BULK.format(foreign_job.pk),
            {"action": "move", "stage_id": str(foreign_screen.pk), "resume_ids": [str(foreign.pk)]},
            format="json",
        ).status_code
        == 404
    )
    assert (
        recruiter_api.post(
            BULK.format(job.pk),
            {"action": "move", "stage_id": str(foreign_screen.pk), "resume_ids": [str(people["ada"].pk)]},
            format="json",
        ).status_code
        == 404
    )


def test_a_hiring_manager_is_refused(manager_api: Any, client: Any, hiring_manager: Any, job: Any, people: Any) -> None:
    screen = stage_of(job, StageKind.SCREEN)
    body = {"action": "move", "stage_id": str(screen.pk), "resume_ids": [str(people["ada"].pk)]}
    assert manager_api.post(BULK.format(job.pk), body, format="json").status_code == 403
    client.force_login(hiring_manager)
    assert (
        client.post(
            f"/pipeline/jobs/{job.pk}/bulk/",
            {"action": "move", "to_stage": screen.pk, "resume": [str(people["ada"].pk)]},
        ).status_code
        == 403
    )
    assert set(_stage_names(job).values()) == {"Applied"}


def test_the_bulk_endpoint_is_in_the_openapi_schema(recruiter_api: Any) -> None:
    import yaml

    response = recruiter_api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200, (response.status_code, response.content[:300])
    schema = yaml.safe_load(response.content)  # YAML, or JSON (a subset of it)
    operation = schema["paths"]["/api/v1/jobs/{job_id}/candidates/bulk/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "403", "404"}
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {
        "action",
        "resume_ids",
        "all_matching",
        "filters",
        "stage_id",
        "reason",
        "email_template_id",
        "target_job_id",
    } <= set(schema["components"]["schemas"][request]["properties"])
