"""The recruiter's side of careers in the portal: a job's screening questions (a panel
of the job page, loaded and edited through htmx) and where a candidate applied from
(a panel of the candidate page)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from careers import selectors, services
from careers.forms import ScreeningQuestionForm
from careers.models import ScreeningQuestion
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription
from resumes.models import Resume

QUESTIONS = "careers/screening_questions.html"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _job(request: HtmxHttpRequest, job_id: UUID) -> JobDescription:
    job: JobDescription = get_for_company_or_404(JobDescription, company_of(request.user), pk=job_id)
    return job


def _question(request: HtmxHttpRequest, job: JobDescription, question_id: UUID) -> ScreeningQuestion:
    question: ScreeningQuestion = get_for_company_or_404(
        ScreeningQuestion, company_of(request.user), pk=question_id, job=job, archived_at__isnull=True
    )
    return question


def _add_service_errors(form: ScreeningQuestionForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _panel(
    request: HtmxHttpRequest,
    job: JobDescription,
    *,
    form: ScreeningQuestionForm | None = None,
    editing: ScreeningQuestion | None = None,
    edit_form: ScreeningQuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = list(selectors.screening_questions(job=job))
    context = {
        "job": job,
        "questions": questions,
        "form": form or ScreeningQuestionForm(prefix="new"),
        "editing": editing,
        "edit_form": edit_form,
    }
    template = QUESTIONS + "#questions-panel" if request.htmx else QUESTIONS
    return TemplateResponse(request, template, context, status=status)


def _done(request: HtmxHttpRequest, job: JobDescription, message: str) -> HttpResponse:
    # Without JavaScript a write answers with a redirect (the page again); with htmx, the panel.
    if request.htmx:
        return _panel(request, job)
    messages.success(request, message)
    return redirect("careers_portal:questions", job_id=job.pk)


@role_required("read", post="manage_jobs")
def screening_questions(request: HtmxHttpRequest, job_id: UUID) -> HttpResponse:
    """The job's questions (GET); POST adds one."""
    job = _job(request, job_id)
    if request.method != "POST":
        return _panel(request, job)
    form = ScreeningQuestionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.screening_question_create(job=job, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, job, "Question added.")
    return _panel(request, job, form=form, status=400)


@role_required("manage_jobs")
def screening_question_edit(request: HtmxHttpRequest, job_id: UUID, question_id: UUID) -> HttpResponse:
    job = _job(request, job_id)
    question = _question(request, job, question_id)
    form = ScreeningQuestionForm(request.POST or None, instance=question, prefix=f"q-{question.pk.hex}")
    if request.method == "POST" and form.is_valid():
        fields: dict[str, Any] = dict(form.cleaned_data)
        question.refresh_from_db()  # the ModelForm wrote into the instance; the service does the change
        try:
            services.screening_question_update(question=question, user=request.user, **fields)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return _done(request, job, "Question saved.")
    status = 400 if request.method == "POST" else 200
    return _panel(request, job, editing=question, edit_form=form, status=status)


@role_required("manage_jobs")
@require_POST
def screening_question_move(request: HtmxHttpRequest, job_id: UUID, question_id: UUID) -> HttpResponse:
    job = _job(request, job_id)
    question = _question(request, job, question_id)
    step = -1 if request.POST.get("direction") == "up" else 1
    services.screening_question_move(question=question, user=request.user, position=question.position + step)
    return _done(request, job, "Question moved.")


@role_required("manage_jobs")
@require_POST
def screening_question_delete(request: HtmxHttpRequest, job_id: UUID, question_id: UUID) -> HttpResponse:
    job = _job(request, job_id)
    question = _question(request, job, question_id)
    archived = services.screening_question_remove(question=question, user=request.user)
    message = (
        "Question archived: it is no longer asked, and the answers already given keep it."
        if archived
        else "Question deleted."
    )
    return _done(request, job, message)


@role_required("read")
def resume_applications(request: HtmxHttpRequest, resume_id: UUID) -> HttpResponse:
    """Where the candidate applied from: the careers page, with its utm_source or referral code."""
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=resume_id)
    applications = selectors.applications_of(resume=resume)
    template = "careers/resume_applications.html"
    if request.htmx:
        template += "#applications-panel"
    return TemplateResponse(request, template, {"resume": resume, "applications": applications})
