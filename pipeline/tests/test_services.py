"""Stages, candidacies and moving candidates: one at a time, in bulk, and who may."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from companies.tests.factories import CompanyFactory
from jobs.tests.factories import JobFactory
from pipeline import services
from pipeline.models import Candidacy, Stage, StageChange
from pipeline.selectors import pipeline_stages
from pipeline.tests.factories import CandidacyFactory, stage_of
from resumes.services import resume_upload
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def _stage(company: Any, name: Any) -> Any:
    return Stage.objects.get(company=company, job=None, name=name)


def test_a_new_company_gets_the_default_pipeline() -> None:
    company = CompanyFactory(name="Fresh Co")
    stages = list(Stage.objects.filter(company=company, job=None))
    assert [(s.name, s.kind) for s in stages] == [
        ("Applied", "applied"),
        ("Screen", "screen"),
        ("Interview", "active"),
        ("Offer", "active"),
        ("Hired", "hired"),
        ("Rejected", "rejected"),
        ("Withdrawn", "withdrawn"),
    ]
    assert [s.is_outcome for s in stages] == [False, False, False, False, True, True, True]
    assert services.stages_create_default(company=company) == stages  # safe to run twice


def test_a_job_may_use_its_own_stages(company: Any) -> None:
    job, other = JobFactory(company=company), JobFactory(company=company)
    Stage.objects.create(company=company, job=job, name="Take-home", kind="applied", position=0)
    Stage.objects.create(company=company, job=job, name="Signed", kind="hired", position=1)
    assert [s.name for s in pipeline_stages(job=job)] == ["Take-home", "Signed"]
    assert pipeline_stages(job=other)[0].name == "Applied"
    candidacy = services.candidacy_ensure(job=job, resume=ResumeFactory(company=company))
    assert candidacy.stage.name == "Take-home"
    with pytest.raises(ValidationError, match="not a stage of this job"):
        services.candidacy_move(user=None or _admin(company), candidacy=candidacy, stage=_stage(company, "Offer"))


def _admin(company: Any) -> Any:
    from accounts.tests.factories import UserFactory

    return UserFactory(company=company, role="admin")


@pytest.mark.parametrize("through, source", [("portal", "upload"), ("api", "api")])
def test_uploading_for_a_job_makes_a_candidacy_in_the_first_stage(
    company: Any, recruiter: Any, through: Any, source: Any
) -> None:
    job = JobFactory(company=company)
    channel = {"portal": "upload", "api": "api"}[through]
    batch = resume_upload(
        company=company,
        user=recruiter,
        files=[SimpleUploadedFile("cv.txt", b"Jane Smith\nPython developer\n")],
        job=job,
        channel=channel,
    )
    resume = batch.accepted[0].resume
    candidacy = Candidacy.objects.get(job=job, resume=resume)
    assert (candidacy.stage.name, candidacy.source, candidacy.stage_changed_by) == ("Applied", source, recruiter)
    arrival = StageChange.objects.get(candidacy=candidacy)
    assert arrival.from_stage is None and arrival.to_stage.name == "Applied"
    # The same file for another job: a candidacy there too; none without a job.
    second = JobFactory(company=company)
    resume_upload(
        company=company,
        user=recruiter,
        files=[SimpleUploadedFile("cv.txt", b"Jane Smith\nPython developer\n")],
        job=second,
    )
    assert Candidacy.objects.filter(resume=resume).count() == 2
    resume_upload(company=company, user=recruiter, files=[SimpleUploadedFile("b.txt", b"Bob\nNurse\n")])
    assert Candidacy.objects.count() == 2


def test_a_move_records_who_when_why_and_the_time_in_the_stage(company: Any, recruiter: Any) -> None:
    candidacy = CandidacyFactory(job__company=company)
    services.candidacy_ensure(job=candidacy.job, resume=candidacy.resume)  # already there: unchanged
    rejected = _stage(company, "Rejected")
    Candidacy.objects.filter(pk=candidacy.pk).update(stage_entered_at=timezone.now() - timedelta(days=3))
    moved = services.candidacy_move(user=recruiter, candidacy=candidacy, stage=rejected, reason="No work permit")
    assert moved.stage == rejected and moved.rejection_reason == "No work permit"
    assert moved.stage_changed_by == recruiter and timezone.now() - moved.stage_entered_at < timedelta(minutes=1)
    change: Any = StageChange.objects.get(candidacy=candidacy)
    assert (change.from_stage.name, change.to_stage, change.by, change.reason) == (
        "Applied",
        rejected,
        recruiter,
        "No work permit",
    )
    # Moving on clears the rejection reason; moving to where one is changes nothing.
    screen = _stage(company, "Screen")
    services.candidacy_move(user=recruiter, candidacy=moved, stage=screen)
    services.candidacy_move(user=recruiter, candidacy=moved, stage=screen)
    candidacy.refresh_from_db()
    assert candidacy.rejection_reason == "" and StageChange.objects.filter(candidacy=candidacy).count() == 2


def test_another_companys_stage_is_refused(company: Any, other_company: Any, recruiter: Any) -> None:
    candidacy = CandidacyFactory(job__company=company)
    with pytest.raises(ValidationError):
        services.candidacy_move(user=recruiter, candidacy=candidacy, stage=_stage(other_company, "Screen"))
    report = services.candidacies_move(user=recruiter, candidacies=[candidacy], stage=_stage(other_company, "Screen"))
    assert report.moved == 0 and str(report) == "0 moved, 1 skipped: not found"


def test_a_bulk_move_reports_what_it_skipped(company: Any, recruiter: Any) -> None:
    job = JobFactory(company=company)
    hired = _stage(company, "Hired")
    movable = [CandidacyFactory(job=job) for _ in range(3)]
    already = [CandidacyFactory(job=job, stage=hired) for _ in range(2)]
    report = services.candidacies_move(user=recruiter, candidacies=movable + already, stage=hired)
    assert (report.moved, str(report)) == (3, "3 moved, 2 skipped: already hired")
    assert report.as_dict() == {"moved": 3, "skipped": 2, "reasons": {"already hired": 2}, "message": str(report)}
    assert Candidacy.objects.filter(job=job, stage=hired).count() == 5
    assert StageChange.objects.filter(candidacy__job=job, to_stage=hired, by=recruiter).count() == 3


def test_a_bulk_move_is_one_transaction(company: Any, recruiter: Any, monkeypatch: Any) -> None:
    from integrations import audit

    job = JobFactory(company=company)
    candidacies = [CandidacyFactory(job=job) for _ in range(3)]

    def failing(entries: Any) -> None:
        assert len(entries) == 3  # the history rows and the candidacies are written by now
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit, "record_many", failing)
    with pytest.raises(RuntimeError):
        services.candidacies_move(user=recruiter, candidacies=candidacies, stage=_stage(company, "Screen"))
    assert not Candidacy.objects.filter(job=job, stage__name="Screen").exists()
    assert not StageChange.objects.filter(candidacy__job=job, from_stage__isnull=False).exists()


@pytest.mark.parametrize("role, allowed", [("admin", True), ("recruiter", True), ("hiring_manager", False)])
def test_who_may_move_candidates(company: Any, role: Any, allowed: Any) -> None:
    from accounts.tests.factories import UserFactory

    user = UserFactory(company=company, role=role)
    candidacy = CandidacyFactory(job__company=company)
    screen = _stage(company, "Screen")
    if allowed:
        services.candidacy_move(user=user, candidacy=candidacy, stage=screen)
        assert services.candidacies_move(user=user, candidacies=[candidacy], stage=_stage(company, "Offer")).moved == 1
    else:
        with pytest.raises(PermissionDenied):
            services.candidacy_move(user=user, candidacy=candidacy, stage=screen)
        with pytest.raises(PermissionDenied):
            services.candidacies_move(user=user, candidacies=[candidacy], stage=screen)
        assert Candidacy.objects.get(pk=candidacy.pk).stage.name == "Applied"


def test_a_stage_in_use_cannot_be_deleted(company: Any, admin_user: Any, recruiter: Any) -> None:
    candidacy = CandidacyFactory(job__company=company)
    applied, screen = _stage(company, "Applied"), _stage(company, "Screen")
    with pytest.raises(ValidationError, match="1 candidate is in it"):
        services.stage_delete(user=admin_user, stage=applied)
    services.candidacy_move(user=recruiter, candidacy=candidacy, stage=screen)
    services.candidacy_move(user=recruiter, candidacy=candidacy, stage=_stage(company, "Offer"))
    with pytest.raises(ValidationError, match="passed through it"):
        services.stage_delete(user=admin_user, stage=screen)
    with pytest.raises(PermissionDenied):
        services.stage_delete(user=recruiter, stage=_stage(company, "Withdrawn"))
    services.stage_delete(user=admin_user, stage=_stage(company, "Withdrawn"))
    assert not Stage.objects.filter(company=company, name="Withdrawn").exists()


def test_the_admin_refuses_to_delete_a_stage_in_use_with_the_reason(client: Any, admin_user: Any, company: Any) -> None:
    CandidacyFactory(job__company=company)
    applied = _stage(company, "Applied")
    client.force_login(admin_user)
    response = client.post(f"/admin/pipeline/stage/{applied.pk}/delete/", {"post": "yes"}, follow=True)
    assert "cannot be deleted: 1 candidate is in it" in response.content.decode()
    assert Stage.objects.filter(pk=applied.pk).exists()
    response = client.post(
        "/admin/pipeline/stage/",
        {"action": "delete_selected", "_selected_action": [str(applied.pk)], "post": "yes"},
        follow=True,
    )
    assert "cannot be deleted" in response.content.decode() and Stage.objects.filter(pk=applied.pk).exists()
    unused = _stage(company, "Withdrawn")
    client.post(f"/admin/pipeline/stage/{unused.pk}/delete/", {"post": "yes"})
    assert not Stage.objects.filter(pk=unused.pk).exists()


def test_a_stage_in_use_keeps_its_kind(company: Any, admin_user: Any, recruiter: Any) -> None:
    # The kind is what the stage means: the status its candidates read as, the decisions
    # matching learns from, the hires reports count. Changing it would rewrite all three.
    candidacy = CandidacyFactory(job__company=company)
    applied, screen = _stage(company, "Applied"), _stage(company, "Screen")
    applied.kind = "rejected"
    with pytest.raises(ValidationError, match="1 candidate is in it"):
        services.stage_save(user=admin_user, stage=applied)
    assert Stage.objects.get(pk=applied.pk).kind == "applied"
    services.candidacy_move(user=recruiter, candidacy=candidacy, stage=screen)
    offer = _stage(company, "Offer")
    services.candidacy_move(user=recruiter, candidacy=candidacy, stage=offer)
    offer.kind = "hired"  # reads as shortlisted too, but counts as a hire
    with pytest.raises(ValidationError, match="they would count as “Outcome: hired”"):
        services.stage_save(user=admin_user, stage=offer)
    screen.kind = "active"
    with pytest.raises(ValidationError, match="passed through it"):
        services.stage_save(user=admin_user, stage=screen)
    screen.refresh_from_db()
    screen.name = "Phone screen"  # a rename is always fine
    services.stage_save(user=admin_user, stage=screen)
    withdrawn = _stage(company, "Withdrawn")
    withdrawn.kind = "rejected"
    with pytest.raises(PermissionDenied):
        services.stage_save(user=recruiter, stage=withdrawn)
    services.stage_save(user=admin_user, stage=withdrawn)
    assert Stage.objects.get(pk=withdrawn.pk).kind == "rejected"


def test_the_admin_refuses_to_change_the_kind_of_a_stage_in_use(client: Any, admin_user: Any, company: Any) -> None:
    CandidacyFactory(job__company=company)
    applied = _stage(company, "Applied")
    client.force_login(admin_user)
    form = {"name": "Applied", "kind": "rejected", "position": str(applied.position), "job": ""}
    response = client.post(f"/admin/pipeline/stage/{applied.pk}/change/", form)
    assert response.status_code == 200  # the form again, with the reason by the field
    html = response.content.decode()
    assert "The kind of “Applied” cannot change" in html and "1 candidate is in it" in html
    assert "from pending to rejected" in html
    assert Stage.objects.get(pk=applied.pk).kind == "applied"
    unused = _stage(company, "Withdrawn")
    form = {"name": "Withdrawn", "kind": "rejected", "position": str(unused.position), "job": ""}
    response = client.post(f"/admin/pipeline/stage/{unused.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Stage.objects.get(pk=unused.pk).kind == "rejected"


def test_a_stage_in_use_stays_in_its_pipeline(client: Any, admin_user: Any, company: Any) -> None:
    # Its candidacies are of the default pipeline's jobs: moved to one job's, they would
    # sit in a stage their own job's pipeline does not have.
    CandidacyFactory(job__company=company)
    applied, unused = _stage(company, "Applied"), _stage(company, "Withdrawn")
    job = JobFactory(company=company)
    applied.job = job
    with pytest.raises(ValidationError, match="cannot move to another pipeline"):
        services.stage_save(user=admin_user, stage=applied)
    client.force_login(admin_user)
    form = {"name": "Applied", "kind": "applied", "position": str(applied.position), "job": str(job.pk)}
    response = client.post(f"/admin/pipeline/stage/{applied.pk}/change/", form)
    assert response.status_code == 200 and "cannot move to another pipeline" in response.content.decode()
    assert Stage.objects.get(pk=applied.pk).job_id is None
    form = {"name": "Withdrawn", "kind": "withdrawn", "position": str(unused.position), "job": str(job.pk)}
    assert client.post(f"/admin/pipeline/stage/{unused.pk}/change/", form).status_code == 302
    assert Stage.objects.get(pk=unused.pk).job_id == job.pk


def test_the_admin_adds_renames_and_reorders_stages(client: Any, admin_user: Any, company: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/pipeline/stage/add/", {"name": "Reference check", "kind": "active", "position": "25", "job": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Stage.objects.get(company=company, name="Reference check")
    job = JobFactory(company=company)
    assert [s.name for s in pipeline_stages(job=job)][3:5] == ["Reference check", "Offer"]
    screen = _stage(company, "Screen")
    client.post(
        f"/admin/pipeline/stage/{screen.pk}/change/",
        {"name": "Phone screen", "kind": "screen", "position": "45", "job": ""},
    )
    assert [s.name for s in pipeline_stages(job=job)] == [
        "Applied",
        "Interview",
        "Reference check",
        "Offer",
        "Hired",
        "Phone screen",
        "Rejected",
        "Withdrawn",
    ]
    screen.refresh_from_db()
    assert (screen.name, screen.position) == ("Phone screen", 45)
    assert added.company == company


def test_the_candidate_page_moves_a_candidate(recruiter_client: Any, company: Any, recruiter: Any) -> None:
    candidacy = CandidacyFactory(job__company=company, job__title="Data Engineer")
    resume_page = recruiter_client.get(f"/candidates/{candidacy.resume_id}/").content.decode()
    assert f'hx-get="/pipeline/candidates/{candidacy.resume_id}/"' in resume_page
    panel = recruiter_client.get(
        f"/pipeline/candidates/{candidacy.resume_id}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Data Engineer" in panel and 'data-stage="Applied"' in panel and "Offer</option>" in panel
    offer = _stage(company, "Offer")
    response = recruiter_client.post(
        f"/pipeline/candidacies/{candidacy.pk}/move/",
        {"stage": str(offer.pk), "reason": "Great loop"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'data-stage="Offer"' in response.content.decode()
    assert StageChange.objects.get(candidacy=candidacy, to_stage=offer).reason == "Great loop"


def test_a_hiring_manager_sees_the_stage_but_cannot_move(client: Any, hiring_manager: Any, company: Any) -> None:
    candidacy = CandidacyFactory(job__company=company)
    client.force_login(hiring_manager)
    panel = client.get(f"/pipeline/candidates/{candidacy.resume_id}/").content.decode()
    assert "Applied" in panel and "<select" not in panel
    response = client.post(f"/pipeline/candidacies/{candidacy.pk}/move/", {"stage": str(_stage(company, "Offer").pk)})
    assert response.status_code == 403


def test_another_companys_candidacy_and_stage_are_404(
    client: Any, outsider: Any, company: Any, other_company: Any, recruiter_client: Any
) -> None:
    candidacy = CandidacyFactory(job__company=company)
    client.force_login(outsider)
    theirs = _stage(other_company, "Offer")
    assert client.get(f"/pipeline/candidates/{candidacy.resume_id}/").status_code == 404
    assert client.post(f"/pipeline/candidacies/{candidacy.pk}/move/", {"stage": str(theirs.pk)}).status_code == 404
    # Our own candidacy, their stage: 404 too, and nothing moves.
    response = recruiter_client.post(f"/pipeline/candidacies/{candidacy.pk}/move/", {"stage": str(theirs.pk)})
    assert response.status_code == 404
    assert Candidacy.objects.get(pk=candidacy.pk).stage == stage_of(candidacy.job, "applied")


def _bulk_move_queries(company: Any, recruiter: Any, count: int) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    job = JobFactory(company=company)
    candidacies = [CandidacyFactory(job=job) for _ in range(count)]
    with CaptureQueriesContext(connection) as queries:
        report = services.candidacies_move(
            user=recruiter, candidacies=candidacies, stage=_stage(company, "Screen"), reason="fit"
        )
    assert report.moved == count
    return len(queries), job


def test_a_bulk_move_costs_the_same_queries_for_3_or_30_candidates(company: Any, recruiter: Any) -> None:
    # Each move still leaves its history row, audit entry and webhook delivery, written in batches.
    from integrations.models import AuditEntry, WebhookDelivery, WebhookEndpoint, WebhookEvent

    WebhookEndpoint.objects.create(
        company=company, url="https://hooks.example.com/in", events=[WebhookEvent.STAGE_CHANGED], secret="s"
    )
    few, _ = _bulk_move_queries(company, recruiter, 3)
    many, job = _bulk_move_queries(company, recruiter, 30)
    assert many == few
    changes = StageChange.objects.filter(candidacy__job=job, from_stage__isnull=False)
    assert changes.count() == 30 and set(changes.values_list("reason", flat=True)) == {"fit"}
    resume_ids = {str(pk) for pk in Candidacy.objects.filter(job=job).values_list("resume_id", flat=True)}
    entries = AuditEntry.objects.filter(company=company, action="candidate.status_changed", target_id__in=resume_ids)
    assert entries.count() == 30 and {e.actor_id for e in entries} == {recruiter.pk}
    assert {e.data["to_stage"] for e in entries} == {"Screen"} and {e.data["job_id"] for e in entries} == {str(job.pk)}
    deliveries = WebhookDelivery.objects.filter(company=company, event=WebhookEvent.STAGE_CHANGED)
    bodies = [json.loads(d.body)["data"] for d in deliveries if json.loads(d.body)["data"]["job_id"] == str(job.pk)]
    assert len(bodies) == 30 and {b["candidate_id"] for b in bodies} == resume_ids
    assert {(b["from_stage"], b["to_stage"], b["reason"]) for b in bodies} == {("Applied", "Screen", "fit")}
