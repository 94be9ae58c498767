"""Upload and processing: nothing uploaded is lost, bad files fail with a reason."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from resumes import services
from resumes.models import Resume, ResumeStatus
from resumes.tasks import ingest_resume
from resumes.tests.documents import RESUME_TEXT, make_encrypted_pdf, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def upload(company, user, *files, job=None):
    return services.resume_upload(company=company, user=user, files=list(files), job=job)


def test_pdf_is_stored_under_a_generated_name_and_processed(company, recruiter, pdf_upload, settings):
    batch = upload(company, recruiter, pdf_upload(name="../../x.pdf"))
    [result] = batch.results
    resume = Resume.objects.get(pk=result.resume.pk)
    assert resume.original_filename == "x.pdf"
    stored = Path(settings.MEDIA_ROOT) / resume.file.name
    assert stored.is_file() and stored.read_bytes()[:5] == b"%PDF-"
    assert "x.pdf" not in resume.file.name and ".." not in resume.file.name
    # Eager Celery: processing ran after the commit.
    assert resume.status == ResumeStatus.PROCESSED, resume.error
    assert resume.candidate_name == "Maria Garcia"
    assert resume.email == "maria.garcia@example.org"
    assert "experience" in resume.sections and "education" in resume.sections
    assert {"Python", "Django", "PostgreSQL"} <= set(resume.skill_names)
    python = next(s for s in resume.extracted_skills if s["name"] == "Python")
    assert resume.content[python["start"] : python["end"]].lower() == "python"
    assert resume.embedding is not None and resume.chunks.count() >= 1
    assert resume.processed_at is not None and resume.attempts == 1


def test_one_bad_file_does_not_cost_the_others(company, recruiter, pdf_upload):
    files = [
        pdf_upload(name="good.pdf"),
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
        SimpleUploadedFile("empty.pdf", b""),
    ]
    batch = upload(company, recruiter, *files)
    assert [r.accepted for r in batch.results] == [True, False, False]
    assert "Accepted types" in batch.results[1].error
    assert "empty" in batch.results[2].error
    assert Resume.objects.for_company(company).count() == 1


def test_same_file_twice_is_stored_once(company, recruiter, pdf_upload):
    first = upload(company, recruiter, pdf_upload()).results[0]
    second = upload(company, recruiter, pdf_upload(name="copy.pdf")).results[0]
    assert second.duplicate and second.resume.pk == first.resume.pk
    assert Resume.objects.for_company(company).count() == 1


def test_same_email_on_two_resumes_is_flagged(company, recruiter, pdf_upload):
    first = upload(company, recruiter, pdf_upload()).results[0].resume
    other_text = RESUME_TEXT.replace("Ledger Corp", "Another Employer")
    second = upload(company, recruiter, pdf_upload(name="v2.pdf", text=other_text)).results[0].resume
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk


def test_encrypted_pdf_fails_for_good_with_a_reason(company, recruiter):
    locked = SimpleUploadedFile("locked.pdf", make_encrypted_pdf(RESUME_TEXT))
    resume = upload(company, recruiter, locked).results[0].resume
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED
    assert "password" in resume.error.lower()
    # A retry would read the same locked file: the failure is permanent and refused.
    assert resume.failure_permanent and not resume.retryable
    with pytest.raises(ValidationError, match="upload"):
        services.resume_retry(resume=resume, user=recruiter)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and resume.attempts == 1


def test_a_passing_failure_can_be_retried(company, recruiter):
    resume = upload(company, recruiter, SimpleUploadedFile("a.txt", RESUME_TEXT.encode())).results[0].resume
    services.resume_fail(resume_id=resume.pk, claim=None, reason="The database went away.")
    resume.refresh_from_db()
    assert resume.retryable and not resume.failure_permanent
    assert services.resume_retry(resume=resume, user=recruiter).status == ResumeStatus.PROCESSED


def test_corrupt_pdf_fails_with_a_reason(company, recruiter):
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 200)
    resume = upload(company, recruiter, broken).results[0].resume
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and resume.error
    assert Path(resume.file.path).is_file()  # the upload is kept for a retry


def test_pdf_without_text_is_never_a_blank_candidate(company, recruiter):
    blank = SimpleUploadedFile("blank.pdf", make_pdf(""))
    resume = upload(company, recruiter, blank).results[0].resume
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED
    assert resume.error and resume.embedding is None


def test_running_the_task_twice_changes_nothing(company, recruiter, pdf_upload):
    resume = upload(company, recruiter, pdf_upload()).results[0].resume
    resume.refresh_from_db()
    before = (resume.status, resume.attempts, resume.processed_at, resume.updated_at)
    ingest_resume.delay(str(resume.pk))
    resume.refresh_from_db()
    assert (resume.status, resume.attempts, resume.processed_at, resume.updated_at) == before


def test_upload_for_a_job_is_matched_to_it(company, recruiter, pdf_upload):
    job = JobFactory(company=company)
    resume = upload(company, recruiter, pdf_upload(), job=job).results[0].resume
    match = MatchResult.objects.get(job=job, resume=resume)
    assert match.company_id == company.pk and 0 <= match.match_score <= 100
    assert "Python" in match.matched_skills


def test_too_many_files(company, recruiter, settings, pdf_upload):
    settings.SHORTLIST_MAX_FILES_PER_REQUEST = 2
    with pytest.raises(services.TooManyFiles):
        upload(company, recruiter, pdf_upload(), pdf_upload(), pdf_upload())


def test_stuck_resumes_are_requeued(company, recruiter, pdf_upload, settings):
    from datetime import timedelta

    from django.utils import timezone

    resume = upload(company, recruiter, pdf_upload()).results[0].resume
    # Its worker died: the lease it renewed while running has lapsed.
    long_ago = timezone.now() - timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS + 1)
    Resume.objects.filter(pk=resume.pk).update(status=ResumeStatus.PROCESSING, heartbeat_at=long_ago)
    assert services.resumes_requeue_stuck() == 1
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSED


def test_delete_removes_the_file(company, recruiter, pdf_upload):
    resume = upload(company, recruiter, pdf_upload()).results[0].resume
    path = Path(resume.file.path)
    services.resume_delete(resume=resume, user=recruiter)
    assert not path.exists() and not Resume.objects.filter(pk=resume.pk).exists()


def test_a_resume_that_never_finishes_is_failed_with_a_reason(company, recruiter, pdf_upload, settings):
    from datetime import timedelta

    from django.utils import timezone

    resume = upload(company, recruiter, pdf_upload()).results[0].resume
    long_ago = timezone.now() - timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS + 1)
    Resume.objects.filter(pk=resume.pk).update(
        status=ResumeStatus.PROCESSING, heartbeat_at=long_ago, attempts=settings.SHORTLIST_MAX_ATTEMPTS
    )
    assert services.resumes_requeue_stuck() == 0
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and "without finishing" in resume.error
    assert services.resume_retry(resume=resume, user=recruiter).status == ResumeStatus.PROCESSED


def test_the_soft_time_limit_fails_the_resume_with_a_reason(company, recruiter, pdf_upload, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from resumes import extraction

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(extraction, "extract_text", too_slow)
    resume = upload(company, recruiter, pdf_upload()).results[0].resume
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and "time limit" in resume.error


def test_the_same_file_for_a_second_job_before_processing_is_matched_to_both(
    company, recruiter, pdf_upload, monkeypatch
):
    held = []
    monkeypatch.setattr(services, "_queue_ingest", lambda resume_id, **_: held.append(resume_id))
    first_job, second_job = JobFactory(company=company), JobFactory(company=company, title="Platform Engineer")
    resume = upload(company, recruiter, pdf_upload(), job=first_job).results[0].resume
    again = upload(company, recruiter, pdf_upload(name="again.pdf"), job=second_job).results[0]
    assert again.duplicate and again.resume.status == ResumeStatus.PENDING
    services.resume_process(resume_id=held[0])
    assert set(MatchResult.objects.filter(resume=resume).values_list("job_id", flat=True)) == {
        first_job.pk,
        second_job.pk,
    }
