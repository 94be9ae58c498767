"""The dashboard (analytics) and the candidate timeline pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse

from companies.filters import raise_404_for_unknown_rows, refusal, refused_status
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription, JobStatus
from matching.models import MatchSource
from reports import analytics
from reports.forms import DashboardForm
from reports.timeline import candidate_timeline as timeline_events
from resumes.models import Resume

# The score chart's drawing box (SVG user units); bars are laid out here, not in CSS.
# CHART_PAD leaves room for the range labels below, CHART_TOP for the counts above.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD, CHART_TOP = 400, 160, 20, 14


def score_chart(distribution: list[dict[str, Any]]) -> dict[str, Any]:
    """Bar geometry for the server-rendered SVG score histogram."""
    peak = max((bucket["count"] for bucket in distribution), default=0) or 1
    slot = CHART_WIDTH / len(distribution)
    plot = CHART_HEIGHT - CHART_PAD
    bars = []
    for index, bucket in enumerate(distribution):
        height = round((plot - CHART_TOP) * bucket["count"] / peak, 1)
        bars.append(
            {
                **bucket,
                "x": round(index * slot + 2, 1),
                "width": round(slot - 4, 1),
                "y": round(plot - height, 1),
                "height": height,
                "count_y": round(plot - height - 3, 1),
                "label_x": round(index * slot + slot / 2, 1),
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "baseline": plot, "label_y": CHART_HEIGHT - 5}


def _default_job(company: Any) -> JobDescription | None:
    """The open job with the most applicants: the one whose chart says most."""
    jobs = JobDescription.objects.for_company(company)
    applicants = Count("matches", filter=~Q(matches__source=MatchSource.SUGGESTED))
    return (
        jobs.filter(status=JobStatus.OPEN)
        .annotate(applicants=applicants)
        .order_by("-applicants", "-created_at")
        .first()
    )


@role_required("read")
def dashboard(request: Any) -> HttpResponse:
    company = company_of(request.user)
    context: dict[str, Any] = {"company": company}
    status = 200
    if company is not None:
        form = DashboardForm(request.GET, company=company)
        if form.is_valid():
            job = form.cleaned_data["job"] or _default_job(company)
        else:
            raise_404_for_unknown_rows(form)
            job, status = None, refused_status(request)
            context["refused"] = refusal(ValidationError(form.errors.as_data()))
        context["job"] = job
        if job is not None:
            job_stats = analytics.job_analytics(job)
            context["job_stats"] = job_stats
            context["chart"] = score_chart(job_stats["score_distribution"])
        if request.htmx:
            return TemplateResponse(request, "dashboard.html#job-analytics", context, status=status)
        context["overview"] = analytics.overview(company)
        context["jobs"] = (
            JobDescription.objects.for_company(company).order_by("status", "-created_at").only("pk", "title", "status")
        )
    return TemplateResponse(request, "dashboard.html", context, status=status)


@role_required("read")
def candidate_timeline(request: Any, resume_id: UUID) -> HttpResponse:
    """The candidate's timeline: a panel of the candidate page (htmx) or a page of its own."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume.objects.select_related("uploaded_by"), company, pk=resume_id)
    template = "candidate_timeline.html"
    context = {"resume": resume, "events": timeline_events(company=company, resume=resume, viewer=request.user)}
    return TemplateResponse(request, template + "#timeline" if request.htmx else template, context)
