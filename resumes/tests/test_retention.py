"""Candidate data: deleting removes every attached row and the file; the retention
period purges old candidates; one candidate's data exports as JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from interviews.models import Interview, InterviewFeedback
from interviews.tests.factories import InterviewFactory, InterviewFeedbackFactory
from jobs.tests.factories import JobFactory
from matching.models import MatchResult, ResumeChunk
from matching.tests.factories import MatchResultFactory
from notes.models import CandidateNote
from notes.tests.factories import CandidateNoteFactory
from pipeline.models import Candidacy, StageChange
from pipeline.services import candidacy_ensure
from resumes.models import Resume
from resumes.retention import candidate_export, candidates_purge, expired_candidates
from resumes.services import resume_delete
from resumes.tests.factories import ResumeFactory
from sharing.models import SharedLink
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

VECTOR = [1.0] + [0.0] * 383


def _candidate_with_everything(company, recruiter):
    """A resume with a match, a candidacy and its stage history, a chunk, a note, an interview with feedback and a shared link."""
    job = JobFactory(company=company)
    resume = ResumeFactory(company=company, candidate_name="Jane Smith")
    match = MatchResultFactory(job=job, resume=resume, company=company)
    candidacy = candidacy_ensure(job=job, resume=match.resume)
    StageChange.objects.filter(candidacy=candidacy).update(reason="arrived")
    ResumeChunk.objects.create(
        company=company, resume=resume, ordinal=0, text="Python", embedding=VECTOR, embedding_model="t"
    )
    CandidateNoteFactory(resume=resume, company=company, author=recruiter, body="Strong on Django")
    interview = InterviewFactory(job=job, resume=resume, company=company)
    InterviewFeedbackFactory(interview=interview, company=company, interviewer=recruiter)
    SharedLinkFactory(resume=resume, company=company)
    return resume


RELATED = [MatchResult, Candidacy, StageChange, ResumeChunk, CandidateNote, Interview, InterviewFeedback, SharedLink]


def test_deleting_a_resume_removes_every_attached_row_and_the_file(
    company, recruiter, django_capture_on_commit_callbacks
):
    resume = _candidate_with_everything(company, recruiter)
    kept = _candidate_with_everything(company, recruiter)
    name = resume.file.name
    assert default_storage.exists(name)
    assert all(model.objects.count() == 2 for model in RELATED)

    with django_capture_on_commit_callbacks(execute=True):
        resume_delete(resume=resume, user=recruiter)

    assert not Resume.objects.filter(pk=resume.pk).exists()
    assert not default_storage.exists(name)
    for model in RELATED:
        assert model.objects.count() == 1, model
    # The other candidate keeps everything, and the job stays.
    assert default_storage.exists(kept.file.name)
    assert MatchResult.objects.get().resume == kept


def test_expired_candidates_follow_the_company_period_else_the_global_default(settings, company, other_company):
    settings.SHORTLIST_RETENTION_DAYS = 365
    company.retention_days = 30
    company.save()
    now = timezone.now()

    def uploaded(owner, days_ago):
        resume = ResumeFactory(company=owner)
        Resume.objects.filter(pk=resume.pk).update(created_at=now - timedelta(days=days_ago))
        return resume

    old_here, fresh_here = uploaded(company, 31), uploaded(company, 29)
    old_there, fresh_there = uploaded(other_company, 366), uploaded(other_company, 200)
    assert set(expired_candidates(now=now)) == {old_here, old_there}

    settings.SHORTLIST_RETENTION_DAYS = 0
    assert set(expired_candidates(now=now)) == {old_here}
    company.retention_days = 0
    company.save()
    assert not expired_candidates(now=now).exists()
    assert {fresh_here, fresh_there}.isdisjoint(expired_candidates(now=now))


def test_purge_command_dry_run_counts_and_deletes_nothing(settings, company, recruiter):
    settings.SHORTLIST_RETENTION_DAYS = 10
    resume = _candidate_with_everything(company, recruiter)
    Resume.objects.filter(pk=resume.pk).update(created_at=timezone.now() - timedelta(days=11))
    out = StringIO()
    call_command("purge_candidates", "--dry-run", stdout=out)
    assert "Would delete 1 candidate(s)." in out.getvalue() and company.name in out.getvalue()
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_purge_command_deletes_expired_candidates_with_their_files(
    settings, company, recruiter, django_capture_on_commit_callbacks
):
    settings.SHORTLIST_RETENTION_DAYS = 10
    old = _candidate_with_everything(company, recruiter)
    young = ResumeFactory(company=company)
    Resume.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=11))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_candidates", stdout=out)
    assert "Deleted 1 candidate(s)." in out.getvalue()
    assert list(Resume.objects.all()) == [young]
    assert not default_storage.exists(old.file.name)
    assert not CandidateNote.objects.exists() and not SharedLink.objects.exists()


def test_the_purge_task_uses_the_same_rule(settings, company):
    from config.tasks import purge_expired_candidates

    settings.SHORTLIST_RETENTION_DAYS = 10
    resume = ResumeFactory(company=company)
    assert purge_expired_candidates() == 0
    Resume.objects.filter(pk=resume.pk).update(created_at=timezone.now() - timedelta(days=11))
    assert purge_expired_candidates() == 1
    assert candidates_purge().total == 0


def test_export_holds_the_candidate_and_everything_attached_without_secrets(company, recruiter):
    resume = _candidate_with_everything(company, recruiter)
    data = json.loads(json.dumps(candidate_export(resume=resume), default=str))
    assert data["resume"]["candidate_name"] == "Jane Smith"
    assert data["resume"]["file"]["original_filename"] == resume.original_filename
    related = data["related"]
    assert set(related) >= {
        "matching.matchresult",
        "pipeline.candidacy",
        "pipeline.stagechange",
        "matching.resumechunk",
        "notes.candidatenote",
        "interviews.interview",
        "interviews.interviewfeedback",
        "sharing.sharedlink",
    }
    assert related["notes.candidatenote"][0]["body"] == "Strong on Django"
    assert related["pipeline.stagechange"][0]["reason"] == "arrived"
    assert related["interviews.interviewfeedback"][0]["rating"] == 4
    [link] = related["sharing.sharedlink"]
    assert "token_hash" not in link and link["resume_id"] == str(resume.pk)
    text = json.dumps(data)
    assert SharedLink.objects.get().token_hash not in text
    assert "embedding" not in data["resume"] and "embedding" not in related["matching.resumechunk"][0]


def test_export_command_prints_json(company, recruiter):
    resume = _candidate_with_everything(company, recruiter)
    out = StringIO()
    call_command("export_candidate", str(resume.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["resume"]["id"] == str(resume.pk)
    assert len(data["related"]["matching.matchresult"]) == 1


def test_export_command_refuses_an_unknown_id(db):
    with pytest.raises(CommandError):
        call_command("export_candidate", "not-a-uuid")
