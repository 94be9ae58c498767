from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.filters import portal_list
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from jobs import selectors, services
from jobs.forms import JobForm
from jobs.models import JobDescription


@role_required("read")
def job_list(request):
    jobs, refused, status = portal_list(
        request, lambda: selectors.job_list(company=company_of(request.user), filters=request.GET), JobDescription
    )
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    template = "jobs/job_list.html"
    if request.htmx:
        template += "#job-rows"
    context = {"page": page, "q": request.GET.get("q", ""), "status": request.GET.get("status", ""), "refused": refused}
    return TemplateResponse(request, template, context, status=status)


@role_required("manage_jobs")
def job_create(request):
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.job_create(company=company_of(request.user), created_by=request.user, **form.cleaned_data)
        messages.success(request, f"Job “{job.title}” created. Matching runs in the background.")
        return redirect("jobs:detail", pk=job.pk)
    return TemplateResponse(request, "jobs/job_form.html", {"form": form, "job": None})


@role_required("manage_jobs")
def job_edit(request, pk):
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        job = services.job_update(job=job, user=request.user, **form.cleaned_data)
        messages.success(request, "Job saved.")
        return redirect("jobs:detail", pk=job.pk)
    return TemplateResponse(request, "jobs/job_form.html", {"form": form, "job": job})


@role_required("read")
def job_detail(request, pk):
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=pk)
    return TemplateResponse(request, "jobs/job_detail.html", {"job": job})


@role_required("manage_jobs")
@require_POST
def job_set_status(request, pk, action):
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=pk)
    if action == "close":
        services.job_close(job=job, user=request.user)
        messages.success(request, "Job closed. Its candidates stay available.")
    else:
        services.job_reopen(job=job, user=request.user)
        messages.success(request, "Job reopened.")
    return redirect("jobs:detail", pk=job.pk)


@role_required("delete_jobs")
@require_POST
def job_delete(request, pk):
    job = get_for_company_or_404(JobDescription, company_of(request.user), pk=pk)
    services.job_delete(job=job, user=request.user)
    messages.success(request, f"Job “{job.title}” deleted.")
    return redirect("jobs:list")
