"""Candidate email in the portal: the candidate page's panel (history, compose,
preview) and the company's templates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from companies.roles import can, role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription
from messaging import merge, selectors, services
from messaging.forms import ComposeForm, EmailTemplateForm, add_service_errors
from messaging.models import EmailTemplate
from resumes.models import Resume

PANEL = "messaging/resume_messages.html"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _jobs(company: Any, resume: Resume) -> QuerySet[JobDescription]:
    return (
        JobDescription.objects.for_company(company)
        .filter(Q(matches__resume=resume) | Q(pk=resume.job_id))
        .distinct()
        .only("id", "title")
        .order_by("title")
    )


def _compose_form(request: HtmxHttpRequest, company: Any, resume: Resume, *, bound: bool) -> ComposeForm:
    jobs = _jobs(company, resume)
    templates = selectors.template_list(company=company)
    if bound:
        return ComposeForm(request.POST, jobs=jobs, templates=templates)
    job_id = request.GET.get("job") or resume.job_id
    initial_job = jobs.filter(pk=job_id).first() if job_id else None
    return ComposeForm(initial={"job": initial_job}, jobs=jobs, templates=templates)


@role_required("read", post="email_candidates")
def resume_messages(request: HtmxHttpRequest, resume_id: Any) -> HttpResponse:
    """The emails a candidate was sent (everyone reads them); admins and recruiters write one here."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    form = _compose_form(request, company, resume, bound=request.method == "POST")
    sent = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"] is not None:
                [sent] = services.email_candidates(
                    user=request.user, job=data["job"], resumes=[resume], template=data["template"]
                )
            else:
                sent = services.email_candidate(
                    user=request.user, resume=resume, job=data["job"], subject=data["subject"], body=data["body"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, f"Email to {resume.display_name} queued.")
                return redirect("resumes:detail", pk=resume.pk)
            form = _compose_form(request, company, resume, bound=False)
    context = {
        "resume": resume,
        "form": form,
        "sent": sent,
        "history": selectors.message_list(company=company, resume=resume),
        "can_send": can(request.user, "email_candidates"),
    }
    # htmx swaps only successful answers: the panel with its errors is one.
    status = 400 if form.errors and not request.htmx else 200
    return TemplateResponse(request, PANEL + "#messages-panel" if request.htmx else PANEL, context, status=status)


@role_required("email_candidates")
def message_preview(request: HtmxHttpRequest, resume_id: Any) -> HttpResponse:
    """The email as the candidate will read it, merge fields filled (htmx swaps it under the form)."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    form = _compose_form(request, company, resume, bound=True)
    preview: dict[str, str] | None = None
    errors: list[str] = []
    if form.is_valid():
        subject, body = form.wording()
        try:
            rendered_subject, rendered_body = services.message_preview(
                resume=resume, job=form.cleaned_data["job"], sender=request.user, subject=subject, body=body
            )
        except ValidationError as error:
            errors = error.messages
        else:
            preview = {"to": resume.email, "subject": rendered_subject, "body": rendered_body}
    else:
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
    return TemplateResponse(
        request, PANEL + "#preview", {"preview": preview, "preview_errors": errors, "resume": resume}
    )


# --- Templates ---------------------------------------------------------------------------


@role_required("manage_email_templates")
def template_list(request: HttpRequest) -> HttpResponse:
    templates = selectors.template_list(company=company_of(request.user))
    return TemplateResponse(request, "messaging/template_list.html", {"templates": templates, "fields": merge.FIELDS})


def _template_form(request: HttpRequest, form: EmailTemplateForm, template: EmailTemplate | None) -> HttpResponse:
    context = {"form": form, "template": template, "fields": merge.FIELDS}
    return TemplateResponse(request, "messaging/template_form.html", context, status=400 if form.errors else 200)


@role_required("manage_email_templates")
def template_create(request: HttpRequest) -> HttpResponse:
    form = EmailTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Template saved.")
            return redirect("messaging:template_list")
    return _template_form(request, form, None)


@role_required("manage_email_templates")
def template_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    template = get_for_company_or_404(EmailTemplate, company_of(request.user), pk=pk)
    fields = ("name", "kind", "subject", "body")
    form = EmailTemplateForm(request.POST or None, initial={name: getattr(template, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Template saved.")
            return redirect("messaging:template_list")
    return _template_form(request, form, template)


@role_required("manage_email_templates")
@require_POST
def template_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    template = get_for_company_or_404(EmailTemplate, company_of(request.user), pk=pk)
    services.template_delete(template=template, user=request.user)
    messages.success(request, f"Template “{template.name}” deleted; emails already sent keep their text.")
    return redirect("messaging:template_list")
