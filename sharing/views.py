"""Shared links on the candidate page: create (token shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from matching.selectors import candidate_job_choices
from resumes.models import Resume
from sharing import selectors, services
from sharing.forms import SharedLinkForm
from sharing.models import SharedLink

TEMPLATE = "sharing/resume_links.html"


def _panel(request, resume, *, form=None, issued=None, status=200):
    company = company_of(request.user)
    context = {
        "resume": resume,
        "form": form or SharedLinkForm(jobs=candidate_job_choices(company=company, resume=resume)),
        "issued": issued,
        "links": selectors.shared_link_list(company=company, resume=resume),
    }
    template = TEMPLATE + "#links-panel" if request.htmx else TEMPLATE
    return TemplateResponse(request, template, context, status=status)


@role_required("read", post="share_candidates")
def resume_links(request, resume_id):
    """The candidate's shared links; recruiters and admins also get the form to create one."""
    resume = get_for_company_or_404(Resume, company_of(request.user), pk=resume_id)
    if request.method != "POST":
        return _panel(request, resume)
    form = SharedLinkForm(request.POST, jobs=candidate_job_choices(company=company_of(request.user), resume=resume))
    if not form.is_valid():
        return _panel(request, resume, form=form)
    try:
        issued = services.shared_link_create(resume=resume, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _panel(request, resume, form=form)
    # The token exists only in this response: it is rendered once and never stored.
    return _panel(request, resume, issued=issued)


@role_required("share_candidates")
@require_POST
def link_revoke(request, pk):
    link = get_for_company_or_404(SharedLink.objects.select_related("resume"), company_of(request.user), pk=pk)
    services.shared_link_revoke(link=link, user=request.user)
    if request.htmx:
        return _panel(request, link.resume)
    messages.success(request, "The link was revoked; it now answers “no longer available”.")
    return redirect("sharing:resume_links", resume_id=link.resume_id)
