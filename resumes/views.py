from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.filters import portal_list
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs.models import JobDescription
from resumes import selectors, services
from resumes.models import Resume, ResumeStatus
from resumes.signals import candidate_data_exported


@role_required("read")
def resume_list(request):
    resumes, refused, status = portal_list(
        request, lambda: selectors.resume_list(company=company_of(request.user), filters=request.GET), Resume
    )
    page = Paginator(resumes, 25).get_page(request.GET.get("page"))
    template = "resumes/resume_list.html"
    if request.htmx and request.htmx.target == "resume-rows":
        template += "#resume-rows"
    # The form shows what was asked, refused or not.
    filters = {
        "search": request.GET.get("q", ""),
        "status": request.GET.get("status", ""),
        "skill": request.GET.get("skill", ""),
    }
    context = {"page": page, "filters": filters, "statuses": ResumeStatus.choices, "refused": refused}
    return TemplateResponse(request, template, context, status=status)


@role_required("manage_candidates")
@require_POST
def resume_upload(request):
    company = company_of(request.user)
    job = None
    if request.POST.get("job"):
        job = get_for_company_or_404(JobDescription, company, pk=request.POST["job"])
    files = request.FILES.getlist("files")
    context = {"job": job, "results": [], "error": "", "progress": None}
    if not files:
        context["error"] = "Choose at least one file."
    else:
        try:
            batch = services.resume_upload(company=company, user=request.user, files=files, job=job)
        except services.TooManyFiles as error:
            context["error"] = str(error)
        else:
            context["results"] = batch.results
            if batch.batch_id is not None:
                context["progress"] = selectors.upload_batch_progress(company=company, batch_id=batch.batch_id)
    # A bulk upload's accepted files are followed by its progress panel; only the
    # refused and the already-known ones get a row of their own.
    context["listed"] = [r for r in context["results"] if context["progress"] is None or not r.accepted or r.duplicate]
    if request.htmx:
        return TemplateResponse(request, "resumes/partials/upload_results.html", context)
    if context["progress"] is not None:
        # Without htmx, a bulk upload's progress has a page of its own.
        for result in context["results"]:
            if not result.accepted:
                messages.error(request, f"{result.original_filename}: {result.reason}")
        return redirect("resumes:batch", batch_id=context["progress"].batch_id)
    accepted = sum(1 for r in context["results"] if r.accepted)
    if accepted:
        messages.success(request, f"{accepted} file(s) received; processing has started.")
    for result in context["results"]:
        if result.reason:
            messages.error(request, f"{result.original_filename}: {result.reason}")
    if context["error"]:
        messages.error(request, context["error"])
    return redirect("jobs:detail", pk=job.pk) if job else redirect("resumes:list")


@role_required("read")
def upload_batch(request, batch_id):
    """The progress of one bulk upload; its panel is polled by htmx until every file is settled."""
    progress = selectors.upload_batch_progress(company=company_of(request.user), batch_id=batch_id)
    if progress is None:
        raise Http404("No such upload.")
    template = "resumes/upload_batch.html"
    if request.htmx:
        template += "#batch-progress"
    return TemplateResponse(request, template, {"progress": progress})


@role_required("read")
def resume_status(request, pk):
    """The live status of one upload; polled by htmx until it is final."""
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=pk)
    return TemplateResponse(request, "resumes/partials/status_row.html", {"resume": resume})


@role_required("read")
def resume_detail(request, pk):
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=pk)
    return TemplateResponse(request, "resumes/resume_detail.html", {"resume": resume})


@role_required("manage_candidates")
@require_POST
def resume_retry(request, pk):
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=pk)
    try:
        resume = services.resume_retry(resume=resume, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if request.htmx:
            return TemplateResponse(request, "resumes/partials/status_row.html", {"resume": resume})
        return redirect("resumes:detail", pk=resume.pk)
    if request.htmx:
        return TemplateResponse(request, "resumes/partials/status_row.html", {"resume": resume})
    messages.success(request, "Processing queued again.")
    return redirect("resumes:detail", pk=resume.pk)


@role_required("export_candidates")
def resume_download(request, pk):
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=pk)
    candidate_data_exported.send(sender=Resume, company_id=resume.company_id, what="original_file", target=resume)
    return original_file_response(resume)


def original_file_response(resume: Resume) -> FileResponse:
    """The original upload, as an attachment, never rendered inline by the browser."""
    content_types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt": "text/plain; charset=utf-8",
    }
    response = FileResponse(
        resume.file.open("rb"),
        as_attachment=True,
        filename=resume.original_filename,
        content_type=content_types.get(resume.file_kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required("manage_candidates")
@require_POST
def resume_delete(request, pk):
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=pk)
    services.resume_delete(resume=resume, user=request.user)
    messages.success(request, f"{resume.display_name} and everything attached to it were deleted.")
    return redirect("resumes:list")
