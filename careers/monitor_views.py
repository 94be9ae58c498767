"""The adverse-impact monitor in the portal: company administrators only."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from careers import selectors
from companies.roles import role_required
from companies.tenancy import company_of
from jobs.models import JobDescription


@role_required("monitor_adverse_impact")
def adverse_impact(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = get_object_or_404(JobDescription.objects.for_company(company_of(request.user)), pk=job_id)
    min_group_size = settings.CAREERS_MONITOR_MIN_GROUP_SIZE
    asked = request.GET.get("k", "")
    top_k = int(asked) if asked.isdigit() and 0 < int(asked) <= 1000 else settings.CAREERS_MONITOR_TOP_K
    reports = selectors.adverse_impact_report(job=job, min_group_size=min_group_size, top_k=top_k)
    context = {"job": job, "reports": reports, "min_group_size": min_group_size, "top_k": top_k}
    response = TemplateResponse(request, "careers/adverse_impact.html", context)
    response["Cache-Control"] = "no-store, private"
    return response
