from django.template.response import TemplateResponse

from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from config.timeline import candidate_timeline as timeline_events
from resumes.models import Resume


@role_required("read")
def candidate_timeline(request, resume_id):
    """The candidate's timeline: a panel of the candidate page (htmx) or a page of its own."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume.objects.select_related("uploaded_by"), company, pk=resume_id)
    template = "candidate_timeline.html"
    context = {"resume": resume, "events": timeline_events(company=company, resume=resume, viewer=request.user)}
    return TemplateResponse(request, template + "#timeline" if request.htmx else template, context)
