"""Applications from the careers page: every write, in one place.

An application goes through the same door as a recruiter's upload
(`resumes.services.resume_upload`, acting as SYSTEM): the same file rules, the
same refusal reasons, the same ingestion, and the resume is matched and scored
against the job like any upload.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careers.models import (
    Application,
    ApplicationStatus,
    CareersSite,
    QuestionKind,
    ScreeningQuestion,
    SelfIdentification,
)
from companies.roles import SYSTEM, require
from jobs.models import JobDescription
from resumes.models import Resume
from resumes.retention import retention_days
from resumes.services import resume_delete, resume_upload

logger = logging.getLogger(__name__)

WITHDRAW_SALT = "careers.withdraw"
SOURCE_CAREERS_PAGE = "careers_page"


class ApplicationRefused(Exception):
    """The file was refused; the message is the upload's own reason, for the form."""


@dataclass
class ApplicationOutcome:
    application: Application
    merged: bool = False
    knocked_out: bool = False


def knocked_out(*, questions: Iterable[ScreeningQuestion], answers: dict[str, str]) -> bool:
    """Whether any yes/no answer is its question's knock-out answer."""
    for question in questions:
        if question.kind == QuestionKind.YES_NO and question.knockout_answer:
            if answers.get(str(question.pk)) == question.knockout_answer:
                return True
    return False


def _answer_rows(*, questions: Iterable[ScreeningQuestion], answers: dict[str, str]) -> list[dict[str, str]]:
    return [{"question_id": str(q.pk), "question": q.text, "answer": answers.get(str(q.pk), "")} for q in questions]


def _existing(*, job: JobDescription, email: str, resume: Resume | None = None) -> Application | None:
    applications = Application.objects.for_company(job.company).filter(job=job)
    match = applications.filter(email__iexact=email).order_by("created_at").first()
    if match is None and resume is not None:
        match = applications.filter(resume=resume).order_by("created_at").first()
    return match


def withdraw_token(application: Application) -> str:
    return signing.dumps({"application": str(application.pk)}, salt=WITHDRAW_SALT, compress=True)


def application_by_withdraw_token(token: str) -> Application | None:
    """The application a withdrawal link names, or None (bad, tampered or expired link, already erased)."""
    max_age = settings.CAREERS_WITHDRAW_LINK_DAYS * 86400
    try:
        payload = signing.loads(token, salt=WITHDRAW_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return Application.objects.select_related("job", "company").filter(pk=payload.get("application")).first()


def withdraw_url(application: Application) -> str:
    return settings.SITE_URL + reverse("careers:withdraw", kwargs={"token": withdraw_token(application)})


@transaction.atomic
def application_submit(
    *,
    site: CareersSite,
    job: JobDescription,
    full_name: str,
    email: str,
    phone: str = "",
    resume_file: UploadedFile[bytes],
    cover_letter: str = "",
    links: str = "",
    questions: Sequence[ScreeningQuestion] = (),
    answers: dict[str, str] | None = None,
    utm_source: str = "",
    referral_code: str = "",
    self_id: dict[str, str] | None = None,
) -> ApplicationOutcome:
    """Store an application: merged into the earlier one for the same job (same email or same file)."""
    answers = answers or {}
    company = job.company
    earlier = _existing(job=job, email=email)
    if earlier is None:
        batch = resume_upload(company=company, user=SYSTEM, files=[resume_file], job=job, channel="application")
        result = batch.results[0]
        if not result.accepted:
            raise ApplicationRefused(result.reason)
        if result.resume is None:  # accepted uploads always carry their resume
            raise ApplicationRefused(result.reason or "The file could not be stored.")
        resume = result.resume
        earlier = _existing(job=job, email=email, resume=resume)
    if earlier is not None:
        return ApplicationOutcome(
            application=_merge(earlier, phone=phone, cover_letter=cover_letter, links=links), merged=True
        )

    rejected = knocked_out(questions=questions, answers=answers)
    application = Application.objects.create(
        company=company,
        job=job,
        resume=resume,
        full_name=full_name,
        email=email,
        phone=phone,
        cover_letter=cover_letter,
        links=links,
        answers=_answer_rows(questions=questions, answers=answers),
        status=ApplicationStatus.KNOCKED_OUT if rejected else ApplicationStatus.RECEIVED,
        utm_source=utm_source[:100],
        referral_code=referral_code[:100],
        consented_at=timezone.now(),
    )
    if self_id and any(self_id.get(name) for name in SelfIdentification.CATEGORIES):
        SelfIdentification.objects.create(
            company=company,
            job=job,
            application_id=application.pk,
            **{name: self_id.get(name, "") for name in SelfIdentification.CATEGORIES},
        )
    _fill_contact(resume, full_name=full_name, email=email, phone=phone)
    if rejected:
        _reject_knocked_out(job=job, resume=resume)
    template = "careers/email/knocked_out.txt" if rejected else "careers/email/confirmation.txt"
    transaction.on_commit(lambda: _send(application_id=application.pk, template=template))
    return ApplicationOutcome(application=application, knocked_out=rejected)


def _reject_knocked_out(*, job: JobDescription, resume: Resume) -> None:
    """A knock-out answer rejects the candidacy the upload made, by the system, with the reason."""
    from pipeline.models import StageKind
    from pipeline.selectors import pipeline_stages
    from pipeline.services import candidacy_ensure, candidacy_move

    candidacy = candidacy_ensure(job=job, resume=resume, source="application")
    stage = next((s for s in pipeline_stages(job=job) if s.kind == StageKind.REJECTED), None)
    if stage is not None:
        candidacy_move(user=SYSTEM, candidacy=candidacy, stage=stage, reason="Knock-out answer to a screening question")


def _merge(application: Application, *, phone: str, cover_letter: str, links: str) -> Application:
    """A second submission adds what the first lacked; the first stays the record."""
    application.submissions += 1
    application.phone = application.phone or phone
    application.cover_letter = application.cover_letter or cover_letter
    application.links = application.links or links
    application.save(update_fields=["submissions", "phone", "cover_letter", "links", "updated_at"])
    return application


def _fill_contact(resume: Resume, *, full_name: str, email: str, phone: str) -> None:
    # What the candidate typed is better than what parsing guesses; parsing keeps what is filled.
    Resume.objects.filter(pk=resume.pk, candidate_name="").update(candidate_name=full_name[:200])
    Resume.objects.filter(pk=resume.pk, email="").update(email=email)
    if phone:
        Resume.objects.filter(pk=resume.pk, phone="").update(phone=phone[:40])


def _send(*, application_id: UUID, template: str) -> None:
    application = Application.objects.select_related("job", "company").filter(pk=application_id).first()
    if application is None:
        return
    context = {
        "application": application,
        "job_title": application.job.title,
        "company_name": application.company.name,
        "withdraw_url": withdraw_url(application),
        "retention_days": retention_days(application.company),
    }
    subject = render_to_string(template.replace(".txt", "_subject.txt"), context).strip()
    try:
        send_mail(subject, render_to_string(template, context), None, [application.email])
    except Exception:
        # The application is stored; a mail outage must not lose it or show the candidate an error.
        logger.exception("careers email failed", extra={"application": str(application.pk)})


def application_withdraw(*, application: Application) -> None:
    """The candidate withdraws and erases their data: the same deletion as a recruiter's or retention's."""
    resume = Resume.objects.filter(pk=application.resume_id).first()
    if resume is not None:
        resume_delete(resume=resume, user=SYSTEM)
    # The cascade took the application; self-identification has no foreign key, so it goes here.
    SelfIdentification.objects.filter(application_id=application.pk).delete()


def self_id_forget(sender: type[Application], instance: Application, **kwargs: Any) -> None:
    """post_delete of an Application (erasure, retention, job deletion): its self-identification goes too."""
    SelfIdentification.objects.filter(application_id=instance.pk).delete()


# --- Screening questions (the recruiter's side) ---------------------------------------------

QUESTION_FIELDS = ("text", "kind", "required", "knockout_answer")


def _active_questions(job: JobDescription) -> QuerySet[ScreeningQuestion]:
    return ScreeningQuestion.objects.for_company(job.company).filter(job=job, archived_at__isnull=True)


def _renumber(questions: list[ScreeningQuestion]) -> None:
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position", "updated_at"])


def _check_question(question: ScreeningQuestion) -> None:
    question.text = " ".join(question.text.split())
    question.full_clean(exclude=["company", "job"])


@transaction.atomic
def screening_question_create(
    *,
    job: JobDescription,
    user: Any,
    text: str,
    kind: str = QuestionKind.YES_NO,
    required: bool = True,
    knockout_answer: str = "",
    position: int | None = None,
) -> ScreeningQuestion:
    """A new question, asked last unless `position` says where."""
    require(user, "manage_jobs")
    _lock_positions(job.pk)
    question = ScreeningQuestion(
        company=job.company,
        job=job,
        text=text,
        kind=kind,
        required=required,
        knockout_answer=knockout_answer,
        position=_active_questions(job).count(),
    )
    _check_question(question)
    question.save()
    if position is not None:
        _place(question, position)
    return question


def _lock_positions(job_id: Any) -> None:
    # One writer of a job's question order at a time: the job's row is the lock.
    JobDescription.objects.select_for_update().filter(pk=job_id).first()


def _place(question: ScreeningQuestion, position: int) -> None:
    questions = [q for q in _active_questions(question.job).order_by("position", "created_at") if q.pk != question.pk]
    questions.insert(max(0, min(position, len(questions))), question)
    _renumber(questions)
    question.refresh_from_db()


@transaction.atomic
def screening_question_update(
    *, question: ScreeningQuestion, user: Any, position: int | None = None, **fields: Any
) -> ScreeningQuestion:
    """Change a question's text, kind, required flag, knock-out answer or place. Answers already
    given keep the text they answered (each application stores its questions' text)."""
    require(user, "manage_jobs")
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {', '.join(sorted(unknown))}")
    _lock_positions(question.job_id)
    question = ScreeningQuestion.objects.get(pk=question.pk, archived_at__isnull=True)
    if fields.get("kind", QuestionKind.YES_NO) != QuestionKind.YES_NO and "knockout_answer" not in fields:
        # A short-text answer has nothing to knock out on: turning a question into one drops the rule.
        fields["knockout_answer"] = ""
    if fields:
        for name, value in fields.items():
            setattr(question, name, value)
        _check_question(question)
        question.save()
    if position is not None:
        _place(question, position)
    return question


def screening_question_move(*, question: ScreeningQuestion, user: Any, position: int) -> ScreeningQuestion:
    """Put a question at `position` (0 is first; out of range means first or last)."""
    return screening_question_update(question=question, user=user, position=position)


def screening_question_has_answers(question: ScreeningQuestion) -> bool:
    return (
        Application.objects.for_company(question.company)
        .filter(job_id=question.job_id, answers__contains=[{"question_id": str(question.pk)}])
        .exists()
    )


@transaction.atomic
def screening_question_remove(*, question: ScreeningQuestion, user: Any) -> bool:
    """Stop asking a question: deleted, or archived when someone has answered it (their
    answers keep naming it). Returns whether it was archived."""
    require(user, "manage_jobs")
    _lock_positions(question.job_id)
    archived = screening_question_has_answers(question)
    if archived:
        ScreeningQuestion.objects.filter(pk=question.pk).update(archived_at=timezone.now(), updated_at=timezone.now())
    else:
        question.delete()
    _renumber(list(_active_questions(question.job).order_by("position", "created_at")))
    return archived
