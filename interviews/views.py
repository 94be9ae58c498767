"""Interviews in the portal: the candidate-page panels (schedule, scorecards), lists,
the interview page (status, reschedule, scorecard), a job's competencies and the
.ics download."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from companies.filters import portal_list
from companies.roles import role_required
from companies.tenancy import company_of, get_for_company_or_404
from interviews import calendar, selectors, services
from interviews.filters import SCOPES
from interviews.forms import CompetenciesForm, FeedbackForm, RescheduleForm, ScheduleForm
from interviews.models import Interview, InterviewStatus
from interviews.timezones import zone_names
from jobs.models import JobDescription
from matching.selectors import candidate_job_choices
from resumes.models import Resume


def _default_zone(user) -> str:
    default = settings.TIME_ZONE if settings.TIME_ZONE in zone_names() else "UTC"
    return selectors.preferred_timezone(user=user, default=default)


def _schedule_form(user, **kwargs) -> ScheduleForm:
    """An empty scheduling form. Someone who has never scheduled has no zone of their
    own yet: shortlist.js then selects the browser's zone (the server cannot know it)."""
    form = ScheduleForm(**kwargs)
    if not selectors.preferred_timezone(user=user, default=""):
        form.fields["timezone"].widget.attrs["data-browser-zone"] = ""
    return form


@role_required("read")
def interview_list(request, job_id=None):
    company = company_of(request.user)
    params = request.GET.copy()
    if job_id:  # the job's own page: its id is in the path, where a foreign one is a 404
        params["job"] = str(get_for_company_or_404(JobDescription, company, pk=job_id).pk)
    if not params.get("scope"):
        params["scope"] = "all" if params.get("job") else "mine"
    interviews, refused, status = portal_list(
        request, lambda: selectors.interview_list(company=company, user=request.user, filters=params), Interview
    )
    page = Paginator(interviews, 25).get_page(request.GET.get("page"))
    template = "interviews/interview_list.html"
    if request.htmx and request.htmx.target == "interview-rows":
        template += "#interview-rows"
    jobs = JobDescription.objects.for_company(company).only("id", "title").order_by("title")
    context = {
        "page": page,
        # The heading's job (once the filter accepted its id).
        "job": jobs.filter(pk=params["job"]).first() if params.get("job") and not refused else None,
        "jobs": jobs,
        "scope": params["scope"],
        "scopes": SCOPES,
        "status": params.get("status", ""),
        "statuses": InterviewStatus.choices,
        "refused": refused,
    }
    return TemplateResponse(request, template, context, status=status)


@role_required("read", post="schedule_interviews")
def resume_interviews(request, resume_id):
    """The candidate's interviews; recruiters and admins schedule new ones here."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    jobs = candidate_job_choices(company=company, resume=resume)
    initial = {"timezone": _default_zone(request.user), "job": resume.job_id, "email_candidate": bool(resume.email)}
    form = _schedule_form(request.user, initial=initial, jobs=jobs, company=company)
    scheduled, warnings, invited = None, [], False
    if request.method == "POST":
        form = ScheduleForm(request.POST, jobs=jobs, company=company)
        if form.is_valid():
            data = form.cleaned_data
            try:
                scheduled = services.interview_schedule(
                    resume=resume,
                    job=data["job"],
                    user=request.user,
                    interview_type=data["interview_type"],
                    scheduled_at=data["scheduled_at"],
                    timezone=data["timezone"],
                    duration_minutes=data["duration_minutes"],
                    location=data["location"],
                    meeting_link=data["meeting_link"],
                    notes=data["notes"],
                    interviewers=list(data["interviewers"]),
                    email_template=form.invitation_template(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                warnings = [str(conflict) for conflict in selectors.interview_conflicts(interview=scheduled)]
                # Without an address the invitation is recorded as not sent (the form says so).
                invited = form.invitation_template() is not None and bool(resume.email)
                if not request.htmx:
                    messages.success(
                        request, "Interview scheduled." + (" The invitation is on its way." if invited else "")
                    )
                    for warning in warnings:
                        messages.warning(request, warning)
                    return redirect("interviews:detail", pk=scheduled.pk)
                form = _schedule_form(
                    request.user, initial={**initial, "timezone": scheduled.timezone}, jobs=jobs, company=company
                )
    context = {
        "resume": resume,
        "form": form,
        "interviews": selectors.resume_interviews(company=company, resume=resume),
        "scheduled": scheduled,
        "invited": invited,
        "warnings": warnings,
    }
    template = "interviews/resume_interviews.html"
    return TemplateResponse(request, template + "#interviews-panel" if request.htmx else template, context)


def _detail(request, interview, *, reschedule_form=None, feedback_form=None, status=200):
    user = request.user
    context = {
        "interview": interview,
        "conflicts": selectors.interview_conflicts(interview=interview),
        "feedback": selectors.feedback_list(interview=interview, user=user),
        "hidden_feedback": selectors.feedback_hidden_count(interview=interview, user=user),
        "next_statuses": services.interview_next_statuses(interview=interview),
        "reschedule_form": reschedule_form
        or RescheduleForm(
            initial={
                "start": interview.local_start.replace(tzinfo=None),
                "timezone": interview.timezone,
                "duration_minutes": interview.duration_minutes,
            }
        ),
        "feedback_form": feedback_form or FeedbackForm(competencies=selectors.competency_list(job=interview.job)),
        "can_give_feedback": services.feedback_can_record(interview=interview, user=user),
    }
    return TemplateResponse(request, "interviews/interview_detail.html", context, status=status)


@role_required("read")
def interview_detail(request, pk):
    return _detail(request, selectors.interview_get(company=company_of(request.user), pk=pk))


@role_required("schedule_interviews")
@require_POST
def interview_status(request, pk):
    interview = selectors.interview_get(company=company_of(request.user), pk=pk)
    try:
        interview = services.interview_set_status(
            interview=interview, user=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Interview {interview.get_status_display().lower()}.")
    return redirect("interviews:detail", pk=interview.pk)


@role_required("schedule_interviews")
def interview_reschedule(request, pk):
    interview = selectors.interview_get(company=company_of(request.user), pk=pk)
    if request.method != "POST":
        return _detail(request, interview)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            new = services.interview_reschedule(
                interview=interview,
                user=request.user,
                scheduled_at=form.cleaned_data["scheduled_at"],
                timezone=form.cleaned_data["timezone"],
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Interview rescheduled; the previous time is kept in its history.")
            for conflict in selectors.interview_conflicts(interview=new):
                messages.warning(request, str(conflict))
            return redirect("interviews:detail", pk=new.pk)
    return _detail(request, interview, reschedule_form=form, status=400)


@role_required("give_feedback")
@require_POST
def interview_feedback(request, pk):
    interview = selectors.interview_get(company=company_of(request.user), pk=pk)
    form = FeedbackForm(request.POST, competencies=selectors.competency_list(job=interview.job))
    if form.is_valid():
        try:
            services.feedback_record(interview=interview, user=request.user, **form.service_arguments())
        except ValidationError as error:
            for field, errors in (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            ).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Thank you: your scorecard is submitted.")
            return redirect("interviews:detail", pk=interview.pk)
    return _detail(request, interview, feedback_form=form, status=400)


@role_required("read", post="edit_competencies")
def job_competencies(request, job_id):
    """The competencies a job's scorecards assess: a panel of the job page; recruiters
    and administrators edit them (one per line)."""
    company = company_of(request.user)
    job = get_for_company_or_404(JobDescription, company, pk=job_id)
    competencies = selectors.competency_list(job=job)
    form = CompetenciesForm(initial={"names": "\n".join(c.name for c in competencies)})
    saved = False
    if request.method == "POST":
        form = CompetenciesForm(request.POST)
        if form.is_valid():
            try:
                competencies = services.competencies_set(job=job, user=request.user, names=form.cleaned_names())
            except ValidationError as error:
                form.add_error("names", error.messages)
            else:
                saved = True
                if not request.htmx:
                    messages.success(request, "Competencies saved.")
                    return redirect("interviews:job_competencies", job_id=job.pk)
    template = "interviews/job_competencies.html"
    context = {"job": job, "competencies": competencies, "form": form, "saved": saved}
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, template + "#competencies-panel" if request.htmx else template, context, status=status
    )


@role_required("read")
def resume_scorecards(request, resume_id):
    """The candidate's scorecards summarised per job: each competency's average and
    distribution, the overall recommendations; hidden from an interviewer until they
    submit their own (companies.roles)."""
    company = company_of(request.user)
    resume = get_for_company_or_404(Resume, company, pk=resume_id)
    context = {
        "resume": resume,
        "summaries": selectors.scorecard_summaries(company=company, resume=resume, user=request.user),
    }
    template = "interviews/resume_scorecards.html"
    return TemplateResponse(request, template + "#scorecards-panel" if request.htmx else template, context)


@role_required("read")
def interview_ics(request, pk):
    interview = selectors.interview_get(company=company_of(request.user), pk=pk)
    return ics_response(interview)


def ics_response(interview) -> HttpResponse:
    """The interview as a calendar file (portal and API)."""
    response = HttpResponse(calendar.interview_ics(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.ics_filename(interview)}"'
    return response
