"""The candidate page's pipeline panel: each job the candidate is in, their stage,
how long they have been in it, and (for staff) a form to move them."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.core.exceptions import ValidationError
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
