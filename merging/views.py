"""The portal side of merging: the candidate page's duplicate notice (htmx), the preview and the confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from merging import selectors, services
from resumes.models import Resume


@role_required("read")
def resume_duplicates(request: HttpRequest, resume_id) -> HttpResponse:
    """ "Possible duplicate of X — Review merge" for each candidate that looks like this one."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    proposals = [] if resume.merged_into_id else selectors.merge_proposals(company=company, resume=resume)
    others = [{"other": p.other if p.resume.pk == resume.pk else p.resume, "reasons": p.reasons} for p in proposals]
    return TemplateResponse(request, "merging/duplicates.html", {"resume": resume, "others": others})


@role_required("merge_candidates")
def merge_review(request: HttpRequest, resume_id) -> HttpResponse:
    """GET: what merging `?other=` into this candidate keeps. POST (`other`): merge."""
    company = company_of(request.user)
    kept = get_for_company_or_404(Resume, company, pk=resume_id)
    other_id = request.POST.get("other") if request.method == "POST" else request.GET.get("other")
    if not other_id:
        return TemplateResponse(
            request, "merging/review.html", {"kept": kept, "error": "Choose the candidate to merge."}, status=400
        )
    merged = get_for_company_or_404(Resume, company, pk=other_id)
    if request.method == "POST":
        try:
            services.candidates_merge(kept=kept, merged=merged, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("resumes:detail", pk=kept.pk)
        messages.success(request, f"{merged.display_name} was merged into this candidate.")
        return redirect("resumes:detail", pk=kept.pk)
    try:
        preview = selectors.merge_preview(kept=kept, merged=merged)
    except ValidationError as error:
        return TemplateResponse(
            request,
            "merging/review.html",
            {"kept": kept, "merged": merged, "error": " ".join(error.messages)},
            status=400,
        )
    return TemplateResponse(request, "merging/review.html", {"kept": kept, "merged": merged, "preview": preview})
