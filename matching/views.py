from collections.abc import Collection

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription
from matching import selectors, skills, tasks
from matching.explanations import explanation_of
from matching.models import MatchResult
from pipeline import services as pipeline_services
from pipeline.status import CandidateStatus
from resumes.models import Resume


def candidate_filters(params) -> dict:
    """The ranked list's filters from a query string (portal, export and API alike)."""
    try:
        min_score = float(params.get("min_score")) if params.get("min_score") not in (None, "") else None
    except ValueError:
        min_score = None
    return {
        "status": params.get("status", "") if params.get("status", "") in CandidateStatus.values else "",
        "min_score": min_score,
        "skill": params.get("skill", "").strip()[:100],
        "meets_gates": params.get("meets_gates") in ("1", "true", "on"),
        "sort": params.get("sort", "score") if params.get("sort", "score") in selectors.SORTS else "score",
    }


@role_required("read")
def job_candidates(request, job_id):
    """The ranked candidates of a job: a panel of the job page (htmx) or a page of its own."""
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=job_id)
    filters = candidate_filters(request.GET)
    matches = selectors.ranked_candidates(job=job, **filters)
    page = Paginator(matches, 25).get_page(request.GET.get("page"))
    suggestions = selectors.ranked_candidates(job=job, suggested_only=True)[:10]
    context = {
        "job": job,
        "page": page,
        "filters": filters,
        "suggestions": suggestions,
        "feedback_decisions": selectors.feedback_decisions(job=job),
        "quality": selectors.job_ranking_quality(job=job),
        "statuses": CandidateStatus.choices,
        "sorts": list(selectors.SORTS),
        "query": request.GET.urlencode(),
    }
    if request.htmx:
        template = (
            "matching/partials/candidate_table.html"
            if request.htmx.target == "candidate-table"
            else "matching/partials/candidates_panel.html"
        )
        return TemplateResponse(request, template, context)
    return TemplateResponse(request, "matching/job_candidates.html", context)


@role_required("change_status")
@require_POST
def candidate_status(request, match_id):
    match = get_for_company_or_404(
        MatchResult.objects.select_related("resume", "job"), company_of(request.user), pk=match_id
    )
    pipeline_services.candidate_set_status(match=match, status=request.POST.get("status", ""), user=request.user)
    match = selectors.with_candidacy(MatchResult.objects.select_related("resume", "job")).get(pk=match.pk)
    if request.htmx:
        return TemplateResponse(request, "matching/partials/candidate_row.html", {"match": match, "job": match.job})
    messages.success(request, f"{match.resume.display_name} is now in {match.stage_name}.")
    return redirect("jobs:detail", pk=match.job_id)


@role_required("manage_candidates")
@require_POST
def candidate_add(request, match_id):
    match = get_for_company_or_404(MatchResult, company_of(request.user), pk=match_id)
    pipeline_services.candidacy_add_from_pool(match=match, user=request.user)
    messages.success(request, "Candidate added to the job.")
    return redirect("jobs:detail", pk=match.job_id)


@role_required("read")
def candidate_explanation(request, match_id):
    match = get_for_company_or_404(MatchResult, company_of(request.user), pk=match_id)
    return TemplateResponse(
        request,
        "matching/partials/explanation.html",
        {"match": match, "explanation": explanation_of(match), "match_score": match.match_score},
    )


@role_required("read")
def resume_matches(request, resume_id):
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    matches = selectors.resume_matches(company=company, resume=resume)
    return TemplateResponse(request, "matching/partials/resume_matches.html", {"resume": resume, "matches": matches})


def highlight_skills(text: str, *, emphasise: Collection[str] = frozenset()) -> str:
    """The text as HTML with every skill the taxonomy finds wrapped in <mark>.

    Skills in `emphasise` (those a job asked for) get the `matched` class.
    """
    from django.utils.html import escape

    pieces, cursor = [], 0
    for name, start, end in skills.get_taxonomy().occurrences(text):
        if start < cursor:
            continue
        css = ' class="matched"' if name.lower() in emphasise else ""
        pieces += [escape(text[cursor:start]), f'<mark{css} title="{escape(name)}">', escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


@role_required("read")
def resume_text(request, resume_id):
    """The candidate's resume text with skills highlighted; those a job asked for stand out."""
    from django.utils.safestring import mark_safe

    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    asked = set()
    for required, nice in JobDescription.objects.for_company(company).filter(
        matches__resume=resume
    ).values_list("skills_required", "skills_nice_to_have"):
        asked |= {(skills.canonical_skill(s) or s).lower() for s in [*required, *nice]}
    html = mark_safe(highlight_skills(resume.content, emphasise=asked))  # noqa: S308 - built from escaped parts
    return TemplateResponse(request, "matching/partials/resume_text.html", {"resume": resume, "html": html})


@role_required("manage_candidates")
@require_POST
def match_open_jobs(request, resume_id):
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=resume_id)
    tasks.match_resume_to_open_jobs.delay(str(resume.pk))
    messages.success(request, "Matching this candidate against every open job.")
    return redirect("resumes:detail", pk=resume.pk)


@role_required("read")
def search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.semantic_search(company=company_of(request.user), query=query) if query else []
    template = "matching/search.html"
    if request.htmx:
        template += "#search-results" if request.htmx.target == "search-results" else "#search-panel"
    return TemplateResponse(request, template, {"q": query, "results": results})


@role_required("manage_jobs")
@require_POST
def suggest_skills(request):
    """Skills found in a job description that are not yet on the job, as chips to accept."""
    text = f"{request.POST.get('description', '')}\n{request.POST.get('requirements', '')}"[:50_000]
    present = {s.strip().lower() for s in request.POST.get("skills_required", "").split(",") if s.strip()}
    suggestions = [name for name in skills.suggest_skills(text) if name.lower() not in present][:25]
    return TemplateResponse(request, "matching/partials/skill_suggestions.html", {"suggestions": suggestions})


@role_required("export_candidates")
def job_candidates_export(request, job_id):
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=job_id)
    return export_response(job=job, params=request.GET)


def export_response(*, job, params):
    """The ranked list, with the list's current filters, as CSV or Excel (portal and API)."""
    from django.http import HttpResponse
    from django.utils.text import slugify

    from matching import exports

    from resumes.signals import candidate_data_exported

    matches = selectors.ranked_candidates(job=job, **candidate_filters(params))
    candidate_data_exported.send(
        sender=type(job), company_id=job.company_id, what="ranked_list", target=job, format=params.get("format") or "xlsx"
    )
    stem = f"{slugify(job.title) or 'job'}-candidates-{timezone.localdate():%Y%m%d}"
    if params.get("format") == "csv":
        response = HttpResponse(exports.export_csv(matches), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    else:
        response = HttpResponse(
            exports.export_xlsx(matches, title=job.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
