"""Merging two candidates: nothing is lost, one candidacy per job, both files downloadable,
proposals by email and by phone, and the rules (roles, tenancy, self-merge)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careers.models import Application
from integrations.models import AuditEntry, WebhookDelivery, WebhookEndpoint
from interviews.models import Interview, InterviewFeedback
from interviews.tests.factories import InterviewFactory, InterviewFeedbackFactory
from jobs.tests.factories import JobFactory
from matching.models import MatchResult, ResumeChunk
from matching.tests.factories import MatchResultFactory
from merging import selectors, services
from messaging.models import CandidateMessage
from messaging.tests.factories import CandidateMessageFactory
from notes.models import CandidateNote
from notes.tests.factories import CandidateNoteFactory
from pipeline.models import Candidacy, StageChange, StageKind
from pipeline.services import candidacy_ensure, candidacy_move
from pipeline.tests.factories import stage_of
from resumes.models import Resume
from resumes.selectors import resume_list
from resumes.tests.factories import ResumeFactory
from sharing.models import SharedLink
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "candidacies": Candidacy,
    "stage_changes": StageChange,
    "matches": MatchResult,
    "chunks": ResumeChunk,
    "notes": CandidateNote,
    "interviews": Interview,
    "scorecards": InterviewFeedback,
    "messages": CandidateMessage,
    "shared_links": SharedLink,
    "applications": Application,
}


def _everything(*, resume: Resume, jobs: list, user: Any) -> None:
    """One row of every kind that hangs on a candidate, for each of `jobs`."""
    for job in jobs:
        candidacy = candidacy_ensure(job=job, resume=resume, user=user)
        MatchResultFactory(job=job, resume=resume, match_score=50)
        interview = InterviewFactory(job=job, resume=resume)
        InterviewFeedbackFactory(interview=interview)
        CandidateNoteFactory(resume=resume, job=job, author=user)
        CandidateMessageFactory(resume=resume, job=job)
        SharedLinkFactory(resume=resume, job=job, created_by=user)
        Application.objects.create(
            company=resume.company,
            job=job,
            resume=resume,
            full_name=resume.candidate_name,
            email=resume.email,
            consented_at=timezone.now(),
        )
        candidacy_move(user=user, candidacy=candidacy, stage=stage_of(job, StageKind.SCREEN))
    ResumeChunk.objects.create(
        company=resume.company,
        resume=resume,
        ordinal=0,
        text=resume.content[:50],
        embedding=[1.0] + [0.0] * 383,
        embedding_model="test",
    )


def _counts(*resumes: Resume) -> dict[str, int]:
    ids = [r.pk for r in resumes]
    counts = {}
    for kind, model in KINDS.items():
        lookup = {"candidacy__resume__in": ids} if model is StageChange else {"resume__in": ids}
        counts[kind] = model.objects.filter(**lookup).count()
    return counts


def _pair(company, recruiter, *, shared_job: bool = False):
    kept = ResumeFactory(
        company=company,
        content="Jane Smith\nOld CV\n",
        candidate_name="Jane Smith",
        email="jane@example.com",
        phone="+1 415 555 0100",
    )
    other = ResumeFactory(
        company=company,
        content="Jane A. Smith\nNew CV\n",
        candidate_name="Jane A. Smith",
        email="JANE@example.com",
        phone="",
        processed_at=timezone.now(),
    )
    kept.processed_at = timezone.now() - timedelta(days=30)
    kept.save()
    job_a, job_b, job_c = (JobFactory(company=company) for _ in range(3))
    _everything(resume=kept, jobs=[job_a] + ([job_c] if shared_job else []), user=recruiter)
    _everything(resume=other, jobs=[job_b] + ([job_c] if shared_job else []), user=recruiter)
    return kept, other, job_c


def test_a_merge_loses_nothing(company, recruiter, recruiter_client):
    kept, other, _ = _pair(company, recruiter)
    webhook = WebhookEndpoint.objects.create(
        company=company, url="https://hooks.example.test/x", events=["candidate.merged"], secret="0" * 64
    )
    before = _counts(kept, other)
    assert all(before.values()), before  # every kind is there to lose
    # Chunks belong to the file they describe: they stay with the archived record.
    moved = {kind: n for kind, n in before.items() if kind != "chunks"}

    preview = selectors.merge_preview(kept=kept, merged=other)
    assert preview.after_counts["notes"] == 2 and preview.after_counts["files"] == 2
    assert {name: f["taken_from"] for name, f in preview.contact.items()} == {
        "candidate_name": "merged",
        "email": "merged",
        "phone": "kept",  # the newer parse wins unless empty
    }

    services.candidates_merge(kept=kept, merged=other, user=recruiter)

    assert _counts(kept, other) == before
    assert {kind: n for kind, n in _counts(kept).items() if kind != "chunks"} == moved
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.candidate_name, kept.email, kept.phone) == ("Jane A. Smith", "JANE@example.com", "+1 415 555 0100")
    assert other.merged_into_id == kept.pk and other.merged_at is not None
    assert preview.after_counts == {**selectors.related_counts(kept), "files": 2}
    # Hidden from the list; both files downloadable, the other as an additional file of the kept candidate.
    assert list(resume_list(company=company)) == [kept]
    page = recruiter_client.get(f"/candidates/{kept.pk}/")
    assert other.original_filename in page.content.decode() and f"/candidates/{other.pk}/file/" in page.content.decode()
    for resume, text in ((kept, b"Old CV"), (other, b"New CV")):
        response = recruiter_client.get(f"/candidates/{resume.pk}/file/")
        assert response.status_code == 200 and text in b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action="candidate.merged")
    assert entry.target_id == str(kept.pk) and entry.data["merged_id"] == str(other.pk)
    assert WebhookDelivery.objects.filter(endpoint=webhook, event="candidate.merged").count() == 1


def test_same_job_keeps_the_candidacy_further_along_with_both_histories(company, recruiter):
    kept, other, job = _pair(company, recruiter, shared_job=True)
    theirs = Candidacy.objects.get(resume=other, job=job)
    candidacy_move(user=recruiter, candidacy=theirs, stage=stage_of(job, StageKind.ACTIVE))
    ours = Candidacy.objects.get(resume=kept, job=job)
    history = StageChange.objects.filter(candidacy__in=[theirs, ours]).count()
    before = _counts(kept, other)

    services.candidates_merge(kept=kept, merged=other, user=recruiter)

    survivor = Candidacy.objects.get(resume=kept, job=job)
    assert survivor.pk == theirs.pk and survivor.stage.kind == StageKind.ACTIVE
    assert survivor.stage_changes.count() == history
    after = _counts(kept, other)
    assert after["candidacies"] == before["candidacies"] - 1
    assert after["stage_changes"] == before["stage_changes"]
    # Both were scored for the job: the kept resume's match stays.
    assert after["matches"] == before["matches"] - 1
    assert MatchResult.objects.filter(resume=kept, job=job).count() == 1
    assert {k: after[k] for k in after if k not in ("candidacies", "matches")} == {
        k: before[k] for k in before if k not in ("candidacies", "matches")
    }


def test_proposals_by_email_and_by_normalised_phone(company):
    a = ResumeFactory(company=company, email="Sam@Example.com", phone="")
    b = ResumeFactory(company=company, email="sam@example.COM", phone="")
    c = ResumeFactory(company=company, email="c@example.com", phone="+44 (0)20 7946 0958")
    d = ResumeFactory(company=company, email="d@example.com", phone="020-7946-0958")
    ResumeFactory(company=company, email="e@example.com", phone="020 7946 0000")
    ResumeFactory(company=company, email="f@example.com", phone="12")
    ResumeFactory(company=company, email="g@example.com", phone="13")
    ResumeFactory(email="sam@example.com")  # another company's
    pairs = {(p.resume.pk, p.other.pk): p.reasons for p in selectors.merge_proposals(company=company)}
    assert pairs == {(a.pk, b.pk): ["email"], (c.pk, d.pk): ["phone"]}
    for_d = selectors.merge_proposals(company=company, resume=d)
    assert [(p.resume.pk, p.other.pk) for p in for_d] == [(c.pk, d.pk)]
    services.candidates_merge(kept=c, merged=d, user=_staff(company))
    assert selectors.merge_proposals(company=company, resume=c) == []


def _staff(company):
    from accounts.tests.factories import UserFactory

    return UserFactory(company=company, role="recruiter")


def test_refusals_self_already_merged_and_roles(company, recruiter, hiring_manager):
    a = ResumeFactory(company=company)
    b = ResumeFactory(company=company)
    c = ResumeFactory(company=company)
    with pytest.raises(ValidationError):
        services.candidates_merge(kept=a, merged=a, user=recruiter)
    with pytest.raises(PermissionDenied):
        services.candidates_merge(kept=a, merged=b, user=hiring_manager)
    services.candidates_merge(kept=a, merged=b, user=recruiter)
    b.refresh_from_db()
    for kept, merged in ((c, b), (b, c)):
        with pytest.raises(ValidationError):
            services.candidates_merge(kept=kept, merged=merged, user=recruiter)
    other_company = ResumeFactory()
    with pytest.raises(ValidationError):
        services.candidates_merge(kept=a, merged=other_company, user=recruiter)


def test_api_preview_merge_and_refusals(company, recruiter, recruiter_api, manager_api, outsider_api):
    kept, other, _ = _pair(company, recruiter)
    foreign = ResumeFactory()
    url = f"/api/v1/resumes/{kept.pk}"
    preview = recruiter_api.get(f"{url}/merge-preview", {"other": str(other.pk)})
    assert preview.status_code == 200, preview.content
    counts = {row["kind"]: row for row in preview.json()["counts"]}
    assert counts["notes"] == {"kind": "notes", "kept": 1, "merged": 1, "after": 2}
    assert preview.json()["contact"]["phone"] == {"value": "+1 415 555 0100", "taken_from": "kept"}
    assert recruiter_api.get(f"{url}/merge-preview", {"other": str(foreign.pk)}).status_code == 404
    assert recruiter_api.get(f"{url}/merge-preview", {"other": str(kept.pk)}).status_code == 400
    assert manager_api.post(f"{url}/merge", {"other": str(other.pk)}, format="json").status_code == 403
    assert outsider_api.post(f"{url}/merge", {"other": str(other.pk)}, format="json").status_code == 404
    assert recruiter_api.post(f"{url}/merge", {"other": str(foreign.pk)}, format="json").status_code == 404
    assert recruiter_api.post(f"{url}/merge", {"other": str(kept.pk)}, format="json").status_code == 400
    merged = recruiter_api.post(f"{url}/merge", {"other": str(other.pk)}, format="json")
    assert merged.status_code == 200, merged.content
    assert merged.json()["merged_records"] == [str(other.pk)]
    assert recruiter_api.post(f"{url}/merge", {"other": str(other.pk)}, format="json").status_code == 400
    assert recruiter_api.get(f"/api/v1/resumes/{other.pk}").json()["merged_into"] == str(kept.pk)
    assert str(other.pk) not in {row["id"] for row in recruiter_api.get("/api/v1/resumes").json()["results"]}
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/resumes/{resume_id}/merge/" in schema["paths"]
    assert "/api/v1/resumes/{resume_id}/merge-preview/" in schema["paths"]


def test_portal_notice_preview_and_confirm(company, recruiter, recruiter_client, client, hiring_manager):
    kept, other, _ = _pair(company, recruiter)
    notice = recruiter_client.get(f"/candidates/{kept.pk}/duplicates/").content.decode()
    assert "Possible duplicate of" in notice and f"/candidates/{kept.pk}/merge/?other={other.pk}" in notice
    review = recruiter_client.get(f"/candidates/{kept.pk}/merge/", {"other": other.pk})
    assert review.status_code == 200 and "What will be kept" in review.content.decode()
    assert recruiter_client.get(f"/candidates/{kept.pk}/merge/", {"other": kept.pk}).status_code == 400
    response = recruiter_client.post(f"/candidates/{kept.pk}/merge/", {"other": other.pk})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into_id == kept.pk
    assert "Possible duplicate" not in recruiter_client.get(f"/candidates/{kept.pk}/duplicates/").content.decode()
    assert "was merged into" in recruiter_client.get(f"/candidates/{other.pk}/").content.decode()
    client.force_login(hiring_manager)
    assert "Review merge" not in client.get(f"/candidates/{kept.pk}/duplicates/").content.decode()


def test_after_a_merge_the_old_file_goes_to_the_kept_candidate_and_deletion_takes_both(company, recruiter):
    import hashlib

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resumes.services import resume_delete, resume_upload

    kept = ResumeFactory(company=company, content="Kept CV\n")
    data = b"Merged CV\n"
    other = ResumeFactory(company=company, content=data.decode(), sha256=hashlib.sha256(data).hexdigest())
    services.candidates_merge(kept=kept, merged=other, user=recruiter)
    job = JobFactory(company=company)

    batch = resume_upload(company=company, user=recruiter, files=[SimpleUploadedFile("again.txt", data)], job=job)

    assert batch.results[0].duplicate and batch.results[0].resume.pk == kept.pk
    assert Candidacy.objects.filter(job=job, resume=kept).exists()
    assert not Candidacy.objects.filter(resume=other).exists()
    files = [kept.file.name, other.file.name]
    assert all(default_storage.exists(name) for name in files)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        resume_delete(resume=kept, user=recruiter)
    assert not Resume.objects.filter(pk__in=[kept.pk, other.pk]).exists()
    assert not any(default_storage.exists(name) for name in files)


def test_a_candidate_still_processing_is_not_merged(company, recruiter):
    done = ResumeFactory(company=company)
    busy = ResumeFactory(company=company, status="processing")
    with pytest.raises(ValidationError, match="still being processed"):
        services.candidates_merge(kept=done, merged=busy, user=recruiter)


def test_every_row_kind_is_handled():
    from django.apps import apps

    known = {f"{m._meta.label}.resume" for m in services.MOVED_WITH_CANDIDATE} | services.HANDLED
    pointing = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.many_to_one and field.related_model is Resume
    }
    assert "notes.CandidateNote.resume" in pointing and "careers.Application.resume" in pointing
    assert pointing - known == set(), "a row of a candidate that a merge would leave behind"
