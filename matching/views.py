from collections.abc import Collection

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.filters import FlagField, refusal, refused_status
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription
from matching import selectors, skills, tasks
from matching.explanations import explanation_of
from matching.filters import LISTED, SORTS, candidate_filter_values
from matching.models import MatchResult
from pipeline import services as pipeline_services
from pipeline.status import CandidateStatus
from resumes.models import Resume


def filter_query(params) -> str:
    """The filters (not the page, the view or the selection) as a query string, for links
    that must keep them: the tab switch, the exports, the address bar."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name in LISTED:
        value = params.get(name)
        if value not in (None, ""):
            query[name] = str(value)
    return query.urlencode()


def shown_filters(params) -> dict:
    """The filters as the panel's form shows them again: what was asked, as it was typed."""
    shown: dict[str, str | bool] = {name: str(params.get(name) or "") for name in LISTED}
    shown["meets_gates"] = str(shown["meets_gates"]).strip().lower() in FlagField.TRUE
    shown["sort"] = shown["sort"] or "score"
    return shown


def candidates_context(request, job, *, params=None) -> dict:
    """What the candidates panel shows: the ranked list or the board, with the filters
    read from `params` (the request's query string unless given)."""
    from pipeline.selectors import pipeline_stages, unscored_candidacies

    params = request.GET if params is None else params
    view = "board" if params.get("view") == "board" else "list"
    try:
        matches = selectors.ranked_candidates(job=job, filters=params)
        filters, refused = candidate_filter_values(params, company=job.company_id), ""
    except ValidationError as error:
        matches, refused = selectors.with_candidacy(MatchResult.objects.none()), refusal(error)
        filters = None
    ranks = selectors.job_ranks(job=job)
    stages = pipeline_stages(job=job)
    # Candidates with no score yet meet the filters too (none meets a minimum score): the
    # board shows them and "all that match" acts on them.
    unscored = unscored_candidacies(job=job, **filters).count() if filters is not None else 0
    context = {
        "job": job,
        "view": view,
        "filters": shown_filters(params),
        "refused": refused,
        "stages": stages,
        "statuses": CandidateStatus.choices,
        "sorts": list(SORTS),
        "query": filter_query(params),
        "total": matches.count() + unscored,
        "unscored": unscored,
        # For the bulk actions' form: the other jobs to add candidates to, the rejection emails.
        "other_jobs": JobDescription.objects.for_company(job.company_id)
        .exclude(pk=job.pk)
        .only("id", "title")
        .order_by("title"),
        "email_templates": _email_templates(job),
    }
    if view == "board":
        from pipeline.selectors import board_columns

        # Every candidacy of the job, scored or not yet: the board is the pipeline
        # (nobody when the filters were refused).
        context["columns"] = board_columns(
            job=job, stages=stages, matches=matches, filters=filters, ranks=ranks, limit=COLUMN_LIMIT
        )
        context["column_limit"] = COLUMN_LIMIT
    else:
        page = Paginator(matches, 25).get_page(params.get("page"))
        for match in page:
            match.rank = ranks.get(match.resume_id)  # type: ignore[attr-defined]
        context["page"] = page
    return context


def _email_templates(job):
    from messaging.models import EmailTemplate, TemplateKind

    # Rejection templates first: they are what a bulk rejection sends.
    templates = EmailTemplate.objects.for_company(job.company_id).only("id", "name", "kind")
    return sorted(templates, key=lambda t: (t.kind != TemplateKind.REJECTION, t.name))


# A board is for working a pipeline, not for reading thousands of cards: a column shows
# its best-ranked cards up to this many and links to the list of everyone in its stage.
COLUMN_LIMIT = 50


@role_required("read")
def job_candidates(request, job_id):
    """The ranked candidates of a job, as a list or a board: a panel of the job page
    (htmx) or a page of its own. The filters live in the address: an htmx change of
    them pushes the page's address with them, so reloading or sharing it keeps them."""
    from django.urls import reverse

    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=job_id)
    context = candidates_context(request, job)
    context.update(
        {
            "suggestions": selectors.ranked_candidates(job=job, suggested_only=True)[:10],
            "feedback_decisions": selectors.feedback_decisions(job=job),
            "quality": selectors.job_ranking_quality(job=job),
            "job_query": _address_query(context),
        }
    )
    status = refused_status(request) if context["refused"] else 200
    if request.htmx:
        if request.htmx.target == "candidate-results":
            response = TemplateResponse(request, "matching/partials/candidate_results.html", context, status=status)
            # The address bar follows the filters (the job page's, when the panel is on it).
            on_job_page = (request.htmx.current_url_abs_path or "").startswith(reverse("jobs:detail", args=[job.pk]))
            base = reverse("jobs:detail", args=[job.pk]) if on_job_page else request.path
            response["HX-Push-Url"] = f"{base}?{context['job_query']}" if context["job_query"] else base
            return response
        return TemplateResponse(request, "matching/partials/candidates_panel.html", context, status=status)
    return TemplateResponse(request, "matching/job_candidates.html", context, status=status)


def _address_query(context) -> str:
    parts = [context["query"]] if context["query"] else []
    if context["view"] == "board":
        parts.append("view=board")
    page = context.get("page")
    if page is not None and page.number > 1:
        parts.append(f"page={page.number}")
    return "&".join(parts)


@role_required("change_status")
@require_POST
def candidate_status(request, match_id):
    match = get_for_company_or_404(
        MatchResult.objects.select_related("resume", "job"), company_of(request.user), pk=match_id
    )
    pipeline_services.candidate_set_status(match=match, status=request.POST.get("status", ""), user=request.user)
    match = selectors.with_candidacy(MatchResult.objects.select_related("resume", "job")).get(pk=match.pk)
    # The row keeps its rank: a rank is by score among all the job's candidates, not by stage.
    match.rank = selectors.job_ranks(job=match.job).get(match.resume_id)
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
        pieces += [
            escape(text[cursor:start]),
            f'<mark{css} title="{escape(name)}">',
            escape(text[start:end]),
            "</mark>",
        ]
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
    for required, nice in (
        JobDescription.objects.for_company(company)
        .filter(matches__resume=resume)
        .values_list("skills_required", "skills_nice_to_have")
    ):
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
    # A POST comes from the bulk actions' form (the ticked candidates and the filters).
    try:
        return export_response(job=job, params=request.POST if request.method == "POST" else request.GET)
    except ValidationError as error:
        return HttpResponseBadRequest(refusal(error), content_type="text/plain; charset=utf-8")


def export_response(*, job, params):
    """The ranked list, with the list's current filters, as CSV or Excel (portal and API).
    Raises ValidationError, before anything is recorded, for a filter it cannot read."""
    from django.http import HttpResponse
    from django.utils.text import slugify

    from matching import exports
    from resumes.signals import candidate_data_exported

    matches = selectors.ranked_candidates(job=job, filters=params)
    ranks = selectors.job_ranks(job=job)
    candidate_data_exported.send(
        sender=type(job),
        company_id=job.company_id,
        what="ranked_list",
        target=job,
        format=params.get("format") or "xlsx",
    )
    stem = f"{slugify(job.title) or 'job'}-candidates-{timezone.localdate():%Y%m%d}"
    if params.get("format") == "csv":
        response = HttpResponse(exports.export_csv(matches, ranks=ranks), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    else:
        response = HttpResponse(
            exports.export_xlsx(matches, title=job.title, ranks=ranks),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
