"""The candidate page's pipeline panel: each job the candidate is in, their stage,
how long they have been in it, and (for staff) a form to move them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from pipeline import selectors, services
from pipeline.models import Candidacy, Stage
from resumes.models import Resume


def _panel(request: Any, resume: Resume, *, error: str = "", status: int = 200) -> TemplateResponse:
    company = company_of(request.user)
    candidacies = list(selectors.resume_candidacies(company=company, resume=resume))
    rows = [{"candidacy": c, "stages": selectors.pipeline_stages(job=c.job)} for c in candidacies]
    context = {"resume": resume, "rows": rows, "error": error}
    return TemplateResponse(request, "pipeline/resume_candidacies.html", context, status=status)


@role_required("read")
def resume_candidacies(request: HttpRequest, resume_id: Any) -> HttpResponse:
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=resume_id)
    return _panel(request, resume)


@role_required("change_status")
@require_POST
def candidacy_move(request: Any, pk: Any) -> HttpResponse:
    company = company_of(request.user)
    candidacy = get_for_company_or_404(Candidacy.objects.select_related("resume", "job"), company, pk=pk)
    stage = get_for_company_or_404(Stage, company, pk=request.POST.get("stage", ""))
    reason = request.POST.get("reason", "").strip()[:300]
    try:
        candidacy = services.candidacy_move(user=request.user, candidacy=candidacy, stage=stage, reason=reason)
    except ValidationError as error:
        if request.htmx:
            return _panel(request, candidacy.resume, error=" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("resumes:detail", pk=candidacy.resume_id)
    if request.htmx:
        return _panel(request, candidacy.resume)
    messages.success(request, f"{candidacy.resume.display_name} is now in {stage.name} for {candidacy.job.title}.")
    return redirect("resumes:detail", pk=candidacy.resume_id)


# --- The job's board and bulk actions ----------------------------------------------------


def _results(
    request: Any,
    job: Any,
    query: str,
    *,
    announcement: str = "",
    links: list[dict[str, str]] | None = None,
    error: bool = False,
) -> TemplateResponse:
    """The candidates' list or board again (with the filters it was showing) and, out of
    band, the live region that announces what happened."""
    from django.http import QueryDict

    from matching.views import candidates_context

    context = candidates_context(request, job, params=QueryDict(query))
    context.update({"announcement": announcement, "links": links or [], "error": error})
    return TemplateResponse(request, "pipeline/partials/results_announced.html", context)


def _back_to_job(job: Any, query: str) -> HttpResponse:
    from django.urls import reverse

    url = reverse("jobs:detail", args=[job.pk])
    return redirect(f"{url}?{query}#candidates" if query else f"{url}#candidates")


@role_required("change_status")
@require_POST
def candidacy_board_move(request: Any, pk: Any) -> HttpResponse:
    """A card moved on the board (dragged, or its "Move to…" list): the board comes back
    with the card in its new column and the move announced."""
    company = company_of(request.user)
    candidacy = get_for_company_or_404(Candidacy.objects.select_related("resume", "job"), company, pk=pk)
    stage = get_for_company_or_404(Stage, company, pk=request.POST.get("stage", ""))
    query = request.POST.get("query", "")
    try:
        services.candidacy_move(user=request.user, candidacy=candidacy, stage=stage)
        text, failed = f"{candidacy.resume.display_name} moved to {stage.name}.", False
    except ValidationError as error:
        text, failed = " ".join(error.messages), True
    if request.htmx:
        return _results(request, candidacy.job, query, announcement=text, error=failed)
    (messages.error if failed else messages.success)(request, text)
    return _back_to_job(candidacy.job, query)


@role_required("change_status")
@require_POST
def job_bulk(request: Any, job_id: Any) -> HttpResponse:
    """One bulk action on the ticked candidates, or on all that match the filter."""
    from jobs.models import JobDescription
    from matching.views import filter_query
    from messaging.models import EmailTemplate
    from pipeline import bulk

    company = company_of(request.user)
    job = get_for_company_or_404(JobDescription, company, pk=job_id)
    post = request.POST
    query = filter_query(post) + ("&view=board" if post.get("view") == "board" else "")
    template = None
    if post.get("action") == "reject" and post.get("send_email") and post.get("template"):
        template = get_for_company_or_404(EmailTemplate, company, pk=post["template"])
    target = get_for_company_or_404(JobDescription, company, pk=post["target_job"]) if post.get("target_job") else None
    stage = get_for_company_or_404(Stage, company, pk=post["to_stage"]) if post.get("to_stage") else None
    try:
        days = int(post.get("expires_in_days") or 0) or None
    except ValueError:
        days = None
    try:
        report = bulk.candidacies_bulk(
            user=request.user,
            job=job,
            action=post.get("action", ""),
            resume_ids=post.getlist("resume"),
            all_matching=post.get("all_matching") in ("1", "on"),
            filters=post,
            stage=stage,
            reason=post.get("reason", "")[:300],
            email_template=template,
            target_job=target,
            expires_in_days=days,
            show_contact=post.get("show_contact") in ("1", "on"),
        )
        text, links, failed = str(report), report.links, False
    except ValidationError as error:
        text, links, failed = " ".join(error.messages), [], True
    if request.htmx:
        return _results(request, job, query, announcement=text, links=links, error=failed)
    if links:  # shown once: the tokens are not stored
        text += " " + " ".join(f"{link['candidate']}: {link['url']}" for link in links)
    (messages.error if failed else messages.success)(request, text)
    return _back_to_job(job, query)
