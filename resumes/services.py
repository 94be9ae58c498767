"""Every write to resumes: upload, processing, retry, delete.

The upload is committed (row and file) before anything is queued, each file in
its own transaction, so one bad file never costs another. Processing claims the
resume with a conditional UPDATE and only the holder of the latest claim may
finish it, so running the task twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Func, Q, Value
from django.utils import timezone

from companies import queues
from companies.roles import person, require
from resumes import enrichment, extraction, parsing
from resumes.models import Resume, ResumeStatus
from resumes.selectors import lease_lapsed, queued_too_long
from resumes.signals import resume_added_to_job, resume_attached, resume_processed
from resumes.uploads import IncomingFile, UploadRejected, classify, read_upload, safe_filename

logger = logging.getLogger(__name__)


@dataclass
class UploadResult:
    original_filename: str
    resume: Resume | None = None
    duplicate: bool = False
    error: str = ""

    @property
    def accepted(self) -> bool:
        return self.resume is not None

    @property
    def reason(self) -> str:
        """Why this file is not (or not yet) a candidate: a refusal's reason, or the
        processing failure of an accepted file (eager mode processes in the request)."""
        if self.error:
            return self.error
        if self.resume is not None and self.resume.status == ResumeStatus.FAILED:
            return self.resume.error or INTERNAL_ERROR_REASON
        return ""


@dataclass
class UploadBatch:
    results: list[UploadResult] = field(default_factory=list)
    # Set for a bulk upload: its new resumes carry it, and the portal follows their progress.
    batch_id: uuid.UUID | None = None

    @property
    def accepted(self) -> list[UploadResult]:
        return [r for r in self.results if r.accepted]

    @property
    def refused(self) -> list[UploadResult]:
        return [r for r in self.results if not r.accepted]


class TooManyFiles(Exception):
    pass


def _queue_ingest(resume_id, *, queue: str) -> None:
    from resumes.tasks import ingest_resume

    transaction.on_commit(lambda: _safe_delay(ingest_resume, str(resume_id), queue=queue))


def _safe_delay(task, *args, queue: str) -> None:
    # A broker outage must not fail an upload that is already committed: the
    # periodic sweep re-enqueues pending resumes once the broker is back.
    try:
        task.apply_async(args, queue=queue)
    except Exception:  # noqa: BLE001 - any broker error
        logger.warning("could not queue %s for %s; the sweep will retry", task.name, args, exc_info=True)


def resume_upload(*, company, user, files, job=None, channel: str = "upload") -> UploadBatch:
    """Store every acceptable file; refuse the others with a reason. Never all-or-nothing.

    `channel` says where the candidate came from (the pipeline records it).
    """
    require(user, "manage_candidates")
    if len(files) > settings.SHORTLIST_MAX_FILES_PER_REQUEST:
        raise TooManyFiles(
            f"At most {settings.SHORTLIST_MAX_FILES_PER_REQUEST} files per upload; {len(files)} were sent."
        )
    batch = UploadBatch()
    # Several files, or a ZIP of several, are bulk ingestion: they queue in the
    # company's bulk shard; a single resume is interactive (companies/queues.py).
    bulk = len(files) > 1
    for uploaded in files:
        name = safe_filename(getattr(uploaded, "name", "resume"))
        try:
            incoming, refusals = classify(name, read_upload(uploaded))
        except UploadRejected as error:
            batch.results.append(UploadResult(original_filename=name, error=str(error)))
            continue
        batch.results.extend(UploadResult(original_filename=r.name, error=r.reason) for r in refusals)
        bulk = bulk or len(incoming) > 1
        if bulk and batch.batch_id is None:
            batch.batch_id = uuid.uuid4()
        queue = queues.ingest_queue(company_id=company.pk, bulk=bulk)
        for item in incoming:
            batch.results.append(
                _store_one(
                    company=company,
                    user=user,
                    item=item,
                    job=job,
                    queue=queue,
                    upload_batch=batch.batch_id,
                    channel=channel,
                )
            )
    # Processing may already have run (eager mode): answer with the current rows.
    current = Resume.objects.in_bulk([r.resume.pk for r in batch.accepted])
    for result in batch.accepted:
        result.resume = current.get(result.resume.pk, result.resume)
    return batch


def _store_one(
    *, company, user, item: IncomingFile, job, queue: str, upload_batch=None, channel: str = "upload"
) -> UploadResult:
    digest = hashlib.sha256(item.data).hexdigest()
    existing = Resume.objects.for_company(company).filter(sha256=digest).first()
    if existing is not None and existing.merged_into_id is not None:
        # The file of a candidate merged into another: the upload is for the kept one.
        existing = existing.merged_into
    if existing is not None:
        _attach_existing(existing, job, channel=channel)
        return UploadResult(original_filename=item.name, resume=existing, duplicate=True)
    resume = Resume(
        company=company,
        original_filename=item.name,
        file_kind=item.kind,
        file_size=len(item.data),
        sha256=digest,
        uploaded_by=person(user),
        job=job,
        upload_batch=upload_batch,
    )
    stored_name = None
    try:
        with transaction.atomic():
            resume.file.save("upload", ContentFile(item.data), save=False)
            stored_name = resume.file.name
            resume.save()
            if job is not None:
                resume_added_to_job.send(sender=Resume, resume=resume, job=job, channel=channel)
            _queue_ingest(resume.pk, queue=queue)
    except IntegrityError:
        # The same file arrived concurrently: keep the row that won, drop our copy.
        _delete_file(stored_name)
        existing = Resume.objects.for_company(company).get(sha256=digest)
        _attach_existing(existing, job, channel=channel)
        return UploadResult(original_filename=item.name, resume=existing, duplicate=True)
    except Exception:
        _delete_file(stored_name)
        raise
    return UploadResult(original_filename=item.name, resume=resume)


def _attach_existing(resume: Resume, job, *, channel: str = "upload") -> None:
    """The same file again, for `job`: match it now, or once it is processed."""
    if job is None:
        return
    resume_added_to_job.send(sender=Resume, resume=resume, job=job, channel=channel)
    # updated_at is touched: the invariant allows a new match a moment to appear.
    if resume.job_id is None:
        Resume.objects.filter(pk=resume.pk, job__isnull=True).update(job=job, updated_at=timezone.now())
    elif resume.job_id != job.pk:
        Resume.objects.filter(pk=resume.pk).exclude(also_for_job_ids__contains=[job.pk]).update(
            also_for_job_ids=Func(F("also_for_job_ids"), Value(job.pk), function="array_append"),
            updated_at=timezone.now(),
        )
    resume_id, job_id = resume.pk, job.pk
    transaction.on_commit(lambda: resume_attached.send(sender=Resume, resume_id=resume_id, job_id=job_id))


def _delete_files(names: list[str]) -> None:
    for name in names:
        _delete_file(name)


def _delete_file(name: str | None) -> None:
    if name:
        from django.core.files.storage import default_storage

        default_storage.delete(name)


def _claim(resume_id, *, claimed_by: str = "", retry: bool = False) -> int | None:
    """Claim a resume for processing; returns the claim number, or None if not ours to process.

    Pending resumes are claimable, and so are processing ones whose lease lapsed
    (their worker died). A retry of the task that holds the claim continues it
    under the same number: an outage it waited out is not another attempt. (Not a
    redelivery of the first run: its worker may still be running it.)
    """
    now = timezone.now()
    updated = Resume.objects.filter(Q(status=ResumeStatus.PENDING) | lease_lapsed(now=now), pk=resume_id).update(
        status=ResumeStatus.PROCESSING,
        attempts=F("attempts") + 1,
        claimed_by=claimed_by,
        processing_started_at=now,
        heartbeat_at=now,
        error="",
    )
    if not updated and claimed_by and retry:
        # FAILED too: a transient extraction error was recorded before the retry.
        updated = Resume.objects.filter(
            pk=resume_id, claimed_by=claimed_by, status__in=[ResumeStatus.PROCESSING, ResumeStatus.FAILED]
        ).update(status=ResumeStatus.PROCESSING, heartbeat_at=now, error="")
    if not updated:
        return None
    return Resume.objects.values_list("attempts", flat=True).get(pk=resume_id)


@contextlib.contextmanager
def _lease(resume_id, claim: int):
    """Renew the claim's lease from a thread while the work runs.

    A SIGKILLed worker renews nothing, so the sweep can tell its abandoned claim
    from a long but live one within SHORTLIST_LEASE_SECONDS, instead of waiting
    out the task time limit.
    """
    stop = threading.Event()

    def renew():
        try:
            while not stop.wait(settings.SHORTLIST_LEASE_SECONDS / 3):
                try:
                    with transaction.atomic():
                        # SKIP LOCKED: never wait behind the transaction that finishes the resume.
                        mine = Resume.objects.select_for_update(skip_locked=True).filter(
                            pk=resume_id, attempts=claim, status=ResumeStatus.PROCESSING
                        )
                        if mine.values_list("pk", flat=True).first() is not None:
                            Resume.objects.filter(pk=resume_id).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    # The database is away: the lease may lapse; the claim check keeps the work safe.
                    logger.warning("could not renew the lease of resume %s", resume_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=renew, name=f"lease-{resume_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()


def resume_process(*, resume_id, claimed_by: str = "", retry: bool = False) -> Resume | None:
    """Extract, parse and enrich one resume. Safe to run twice; returns None when not claimed.

    `claimed_by` names the task (its id); with `retry`, a retry of it continues its claim.
    """
    claim = _claim(resume_id, claimed_by=claimed_by, retry=retry)
    if claim is None:
        return None
    with _lease(resume_id, claim):
        return _process_claimed(resume_id, claim)


def _process_claimed(resume_id, claim: int) -> Resume | None:
    resume = Resume.objects.get(pk=resume_id)
    try:
        with resume.file.open("rb") as handle:
            data = handle.read()
        result = extraction.extract_text(
            data,
            resume.file_kind,
            max_pages=settings.SHORTLIST_MAX_PAGES,
            time_limit=settings.SHORTLIST_EXTRACTION_TIME_LIMIT,
        )
    except extraction.ExtractionError as error:
        resume_fail(resume_id=resume_id, claim=claim, reason=str(error), permanent=error.permanent)
        if not error.permanent:
            raise
        return Resume.objects.get(pk=resume_id)
    except FileNotFoundError:
        resume_fail(
            resume_id=resume_id, claim=claim, reason="The stored file is missing; upload it again.", permanent=True
        )
        return Resume.objects.get(pk=resume_id)
    parsed = parsing.parse_resume(result.text, max_chars=settings.SHORTLIST_MAX_PARSE_CHARS)
    try:
        # The slow step (skills, the embedding model) runs on a draft, before the
        # row is locked; the transaction below only writes (resumes/enrichment.py).
        # The duplicate lookup is made once, for the draft and the locked row alike.
        duplicate = _earlier_with_email(resume, parsed.email)
        _apply_parsed(resume, result, parsed, duplicate_of=duplicate)
        computed = enrichment.compute(resume)
        with transaction.atomic():
            resume = Resume.objects.select_for_update().get(pk=resume_id)
            if resume.attempts != claim or resume.status != ResumeStatus.PROCESSING:
                return None  # a newer claim owns it now
            _apply_parsed(resume, result, parsed, duplicate_of=duplicate)
            enrichment.apply(resume, computed)
            resume.status = ResumeStatus.PROCESSED
            resume.processed_at = timezone.now()
            resume.failed_at = None
            resume.error = ""
            resume.save()
            resume_id_ = resume.pk
            job_ids = [job_id for job_id in [resume.job_id, *resume.also_for_job_ids] if job_id]
            transaction.on_commit(lambda: resume_processed.send(sender=Resume, resume_id=resume_id_, job_ids=job_ids))
    except (OperationalError, InterfaceError):
        # The database went away: recording a failure would fail too. The task's
        # retry continues this claim; if none comes, the lease lapses and the sweep
        # queues the resume again.
        raise
    except Exception as error:
        logger.exception("processing resume %s failed", resume_id)
        resume_fail(resume_id=resume_id, claim=claim, reason=_reason(error))
        raise
    return resume


INTERNAL_ERROR_REASON = (
    "Processing failed because of an internal error; retry it, and tell your administrator if it fails again."
)


def _reason(error: Exception) -> str:
    """What a recruiter reads: an extraction error's own sentence, never a traceback."""
    if isinstance(error, extraction.ExtractionError) and str(error).strip():
        return str(error).strip()
    return INTERNAL_ERROR_REASON


def _apply_parsed(resume: Resume, result, parsed, *, duplicate_of: Resume | None) -> None:
    resume.content = result.text
    resume.extraction_method = result.method
    resume.text_quality = round(result.quality, 3)
    resume.page_count = result.pages
    resume.candidate_name = (parsed.candidate_name or "")[:200]
    resume.email = (parsed.email or "")[:254]
    resume.phone = (parsed.phone or "")[:40]
    resume.links = parsed.links or {}
    resume.location = (parsed.location or "")[:200]
    resume.current_title = (parsed.current_title or "")[:100]
    resume.sections = parsed.sections or {}
    resume.years_experience = parsed.years_experience
    resume.education_level = parsed.education_level or ""
    resume.duplicate_of = duplicate_of


def _earlier_with_email(resume: Resume, email: str | None) -> Resume | None:
    """The company's first other (unmerged) resume with this email: a possible duplicate."""
    email = (email or "")[:254]
    if not email:
        return None
    return (
        Resume.objects.filter(company_id=resume.company_id, email__iexact=email, merged_into__isnull=True)
        .exclude(pk=resume.pk)
        .order_by("created_at")
        .first()
    )


NOT_RETRYABLE = "This failure is in the file itself, so it is not retryable: upload a corrected file instead."


def resume_fail(*, resume_id, claim: int | None, reason: str, permanent: bool = False) -> None:
    """Record why a resume could not be processed (only by the current claim holder);
    `permanent` when the file itself is at fault and a retry cannot help."""
    resumes = Resume.objects.filter(pk=resume_id)
    if claim is not None:
        resumes = resumes.filter(attempts=claim)
    resumes.update(
        status=ResumeStatus.FAILED, error=reason[:2000], failure_permanent=permanent, failed_at=timezone.now()
    )


def resume_retry(*, resume: Resume, user, queue: bool = True) -> Resume:
    """Put a failed or stuck resume back in the queue. A processed resume is left as it is.

    queue=False only resets the status, for a task that retries itself (user=SYSTEM).
    """
    require(user, "manage_candidates")
    now = timezone.now()
    retryable = (
        Q(status=ResumeStatus.FAILED, failure_permanent=False) | Q(status=ResumeStatus.PENDING) | lease_lapsed(now=now)
    )
    with transaction.atomic():
        if Resume.objects.filter(pk=resume.pk, status=ResumeStatus.FAILED, failure_permanent=True).exists():
            raise ValidationError(NOT_RETRYABLE, code="not_retryable")
        # A merged-away record is archived: processing it again would match it to jobs anew.
        updated = Resume.objects.filter(retryable, pk=resume.pk, merged_into__isnull=True).update(
            status=ResumeStatus.PENDING,
            error="",
            processing_started_at=None,
            heartbeat_at=None,
            queued_at=now,
            updated_at=now,
        )
        if updated and queue:
            # A recruiter's retry of one resume is waited for: interactive.
            _queue_ingest(resume.pk, queue=queues.INTERACTIVE)
    resume.refresh_from_db()
    return resume


# A message published this recently may still be on its way to the queue.
PUBLISH_GRACE = timedelta(seconds=10)


def resumes_requeue_stuck(*, limit: int = 500, broker_empty: bool = False) -> int:
    """Queue again what a fault left waiting (run by the reconciliation sweep).

    A processing resume whose lease lapsed (its worker died) goes back to pending
    and is queued; so is a pending resume whose task was queued SHORTLIST_STUCK_AFTER
    ago and never taken (lost with the broker), or at once when the broker is
    known to be empty (`broker_empty`: no message of any resume waits). A resume whose processing was
    started SHORTLIST_MAX_ATTEMPTS times without finishing (it kills its worker
    every time) is failed with a reason instead of going round forever; a recruiter
    can still retry it.
    """
    now = timezone.now()
    given_up = Resume.objects.filter(lease_lapsed(now=now), attempts__gte=settings.SHORTLIST_MAX_ATTEMPTS).update(
        status=ResumeStatus.FAILED, error=GAVE_UP_REASON, failed_at=now, updated_at=now
    )
    if given_up:
        logger.warning("gave up on %s resumes that never finished processing", given_up)
    count = 0
    waiting = queued_too_long(now=now)
    if broker_empty:
        waiting = Q(status=ResumeStatus.PENDING, queued_at__lt=now - PUBLISH_GRACE)
    candidates = Resume.objects.filter(lease_lapsed(now=now) | waiting).order_by("queued_at")
    for resume_id, company_id in candidates.values_list("pk", "company_id")[:limit]:
        # Row by row, each conditional: a worker may claim or renew it meanwhile.
        back = Resume.objects.filter(lease_lapsed(now=now) | waiting, pk=resume_id).update(
            status=ResumeStatus.PENDING, processing_started_at=None, heartbeat_at=None, queued_at=now
        )
        if back:
            # Re-queued work is bulk: it must not jump ahead of anyone's single upload.
            _queue_ingest(resume_id, queue=queues.bulk_queue(company_id))
            count += 1
    return count


GAVE_UP_REASON = (
    "Processing started several times without finishing: the file may be too large or too complex. "
    "Retry it, or upload a simpler copy (for example a PDF exported from a word processor)."
)
TIME_LIMIT_REASON = (
    "Processing took longer than the time limit: the file may be too large or too complex. "
    "Retry it, or upload a simpler copy."
)


def resume_delete(*, resume: Resume, user) -> None:
    """Delete a candidate's resume with everything attached (cascade) and its file.

    `user` is the person deleting, or SYSTEM for retention and commands.
    """
    require(user, "manage_candidates")
    # The files of candidates merged into this one go with it (their rows cascade).
    names = [resume.file.name, *Resume.objects.filter(merged_into=resume).values_list("file", flat=True)]
    with transaction.atomic():
        resume.delete()
        transaction.on_commit(lambda: _delete_files(names))
