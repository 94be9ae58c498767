"""Every write of interviews: scheduling, details, status changes, feedback.

Who may do what:
- recruiters and company administrators schedule interviews, edit them, and
  move them through their statuses (complete, cancel, reschedule);
- hiring managers read interviews and change no status, but record feedback
  when they are one of the interviewers;
- feedback comes after completion, once per interviewer, from the interview's
  interviewers or a company administrator;
- only company administrators delete an interview (everyone else cancels it,
  which keeps the history).

Statuses: scheduled → completed | cancelled | rescheduled; the last three are
final. Rescheduling creates a new interview and links the old one to it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone as dj_timezone

from companies.roles import can, require
from interviews.models import Interview, InterviewFeedback, InterviewStatus, InterviewType, Recommendation
from interviews.timezones import zone
from matching.models import CandidateStatus, MatchResult

TRANSITIONS: dict[str, set[str]] = {
    InterviewStatus.SCHEDULED: {InterviewStatus.COMPLETED, InterviewStatus.CANCELLED, InterviewStatus.RESCHEDULED},
    InterviewStatus.COMPLETED: set(),
    InterviewStatus.CANCELLED: set(),
    InterviewStatus.RESCHEDULED: set(),
}
DETAIL_FIELDS = ("interview_type", "duration_minutes", "location", "meeting_link", "notes")
MIN_DURATION, MAX_DURATION = 5, 8 * 60


def _require_scheduler(user) -> None:
    require(user, "schedule_interviews")


def _require_same_company(user, company_id) -> None:
    if getattr(user, "company_id", None) != company_id:
        raise PermissionDenied("Only members of the interview's company can do this.")


def interview_check_schedulable(*, resume, job) -> None:
    """A candidate rejected for a job cannot be scheduled for it (portal, API and admin)."""
    rejected = MatchResult.objects.filter(
        company_id=job.company_id, job=job, resume=resume, status=CandidateStatus.REJECTED
    ).exists()
    if rejected:
        raise ValidationError(
            f"{resume.display_name} was rejected for “{job.title}” and cannot be scheduled for it. "
            "Change their status for this job first."
        )


def _clean_details(*, company_id, fields: dict) -> dict:
    """Check the details an interview may be given; returns them cleaned."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    if "interview_type" in fields and fields["interview_type"] not in InterviewType.values:
        errors["interview_type"] = [f"Choose one of {', '.join(InterviewType.values)}."]
    if "duration_minutes" in fields:
        try:
            minutes = int(fields["duration_minutes"])
        except (TypeError, ValueError):
            minutes = -1
        if not MIN_DURATION <= minutes <= MAX_DURATION:
            errors["duration_minutes"] = [f"An interview lasts between {MIN_DURATION} and {MAX_DURATION} minutes."]
        cleaned["duration_minutes"] = minutes
    for name, limit in (("location", 300), ("meeting_link", 500)):
        if name in fields:
            cleaned[name] = (fields[name] or "").strip()
            if len(cleaned[name]) > limit:
                errors[name] = [f"At most {limit} characters."]
    if cleaned.get("meeting_link"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["meeting_link"])
        except ValidationError:
            errors["meeting_link"] = ["Enter a full meeting link starting with https://."]
    if "notes" in fields:
        cleaned["notes"] = (fields["notes"] or "").strip()
    if "timezone" in fields:
        try:
            zone(fields["timezone"])
        except ValidationError as error:
            errors.update(error.message_dict)
    if "scheduled_at" in fields:
        value = fields["scheduled_at"]
        if not isinstance(value, datetime) or dj_timezone.is_naive(value):
            errors["scheduled_at"] = ["Give the start with its time zone."]
        else:
            # Calendars count in whole seconds.
            cleaned["scheduled_at"] = value.replace(microsecond=0)
    if "interviewers" in fields:
        people = list(fields["interviewers"] or [])
        strangers = [p for p in people if p.company_id != company_id or not p.is_active]
        if strangers:
            errors["interviewer_ids"] = ["Interviewers must be active members of your company."]
        cleaned["interviewers"] = list({p.pk: p for p in people}.values())
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def interview_schedule(
    *,
    resume,
    job,
    user,
    interview_type: str,
    scheduled_at: datetime,
    timezone: str = "UTC",
    duration_minutes: int = 60,
    location: str = "",
    meeting_link: str = "",
    notes: str = "",
    interviewers=(),
) -> Interview:
    """Plan an interview of a candidate for a job. Overlaps are warnings (see
    selectors.interview_conflicts), never a refusal: people double-book on purpose."""
    _require_scheduler(user)
    _require_same_company(user, resume.company_id)
    if job.company_id != resume.company_id:
        raise ValidationError({"job_id": ["Choose one of your company's jobs."]})
    interview_check_schedulable(resume=resume, job=job)
    details = _clean_details(
        company_id=resume.company_id,
        fields={
            "interview_type": interview_type,
            "scheduled_at": scheduled_at,
            "timezone": timezone,
            "duration_minutes": duration_minutes,
            "location": location,
            "meeting_link": meeting_link,
            "notes": notes,
            "interviewers": interviewers,
        },
    )
    people = details.pop("interviewers")
    interview = Interview.objects.create(company_id=resume.company_id, resume=resume, job=job, created_by=user, **details)
    interview.interviewers.set(people)
    return interview


def _locked(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


def _check_transition(interview: Interview, status: str) -> None:
    if status not in InterviewStatus.values:
        raise ValidationError({"status": [f"Unknown status “{status}”."]})
    if status not in TRANSITIONS[interview.status]:
        raise ValidationError(
            {"status": [f"A {interview.get_status_display().lower()} interview cannot become {InterviewStatus(status).label.lower()}."]}
        )


@transaction.atomic
def interview_update(*, interview: Interview, user, **fields) -> Interview:
    """Change the details of a scheduled interview (not its time: that is a reschedule)."""
    _require_scheduler(user)
    _require_same_company(user, interview.company_id)
    unknown = set(fields) - set(DETAIL_FIELDS) - {"interviewers"}
    if unknown & {"scheduled_at", "timezone"}:
        raise ValidationError(
            {"scheduled_at": ["To move an interview, reschedule it (status “rescheduled” with the new start): the old one is kept as history."]}
        )
    if unknown:
        raise ValidationError({"detail": [f"These cannot be changed: {', '.join(sorted(unknown))}."]})
    interview = _locked(interview)
    if interview.is_final:
        raise ValidationError({"status": [f"A {interview.get_status_display().lower()} interview cannot be edited."]})
    details = _clean_details(company_id=interview.company_id, fields=fields)
    people = details.pop("interviewers", None)
    for name, value in details.items():
        setattr(interview, name, value)
    # Calendar programs apply an updated event only when its SEQUENCE grows.
    interview.sequence += 1
    interview.save()
    if people is not None:
        interview.interviewers.set(people)
    return interview


def interview_next_statuses(*, interview: Interview) -> list[str]:
    """The statuses a person may set by hand now (rescheduling needs a new time, so it is
    not one): completion only once the interview has started, as interview_set_status checks."""
    allowed = TRANSITIONS[interview.status] - {InterviewStatus.RESCHEDULED}
    if interview.scheduled_at > dj_timezone.now():
        allowed -= {InterviewStatus.COMPLETED}
    return sorted(allowed)


@transaction.atomic
def interview_set_status(*, interview: Interview, user, status: str) -> Interview:
    """Complete or cancel a scheduled interview. Rescheduling needs a new time: interview_reschedule()."""
    _require_scheduler(user)
    _require_same_company(user, interview.company_id)
    interview = _locked(interview)
    if status == interview.status == InterviewStatus.SCHEDULED:
        return interview
    _check_transition(interview, status)
    if status == InterviewStatus.RESCHEDULED:
        raise ValidationError({"scheduled_at": ["Rescheduling needs the new start time."]})
    if status == InterviewStatus.COMPLETED and interview.scheduled_at > dj_timezone.now():
        raise ValidationError({"status": ["An interview that has not started yet cannot be completed."]})
    interview.status = status
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    return interview


@transaction.atomic
def interview_reschedule(
    *, interview: Interview, user, scheduled_at: datetime, timezone: str | None = None, **changes
) -> Interview:
    """Move a scheduled interview: a new interview at the new time, the old one kept
    as history (status rescheduled, pointing at the new one). Returns the new one."""
    _require_scheduler(user)
    _require_same_company(user, interview.company_id)
    old = _locked(interview)
    _check_transition(old, InterviewStatus.RESCHEDULED)
    interview_check_schedulable(resume=old.resume, job=old.job)
    unknown = set(changes) - set(DETAIL_FIELDS) - {"interviewers"}
    if unknown:
        raise ValidationError({"detail": [f"These cannot be changed: {', '.join(sorted(unknown))}."]})
    fields = {
        **{name: getattr(old, name) for name in DETAIL_FIELDS},
        "interviewers": list(old.interviewers.all()),
        **changes,
        "scheduled_at": scheduled_at,
        "timezone": timezone or old.timezone,
    }
    details = _clean_details(company_id=old.company_id, fields=fields)
    people = details.pop("interviewers")
    old.status = InterviewStatus.RESCHEDULED
    old.sequence += 1
    new = Interview.objects.create(
        company_id=old.company_id,
        resume_id=old.resume_id,
        job_id=old.job_id,
        created_by=user,
        # The same calendar event moves: same UID (see calendar.py), a higher SEQUENCE.
        sequence=old.sequence + 1,
        **details,
    )
    new.interviewers.set(people)
    old.rescheduled_to = new
    old.save(update_fields=["status", "sequence", "rescheduled_to", "updated_at"])
    return new


@transaction.atomic
def interview_delete(*, interview: Interview, user) -> None:
    require(user, "delete_interviews", "Only company administrators delete interviews; cancel it instead.")
    _require_same_company(user, interview.company_id)
    interview.delete()


def feedback_can_record(*, interview: Interview, user) -> bool:
    """Whether the form belongs on the page: completed, not yet given, and the user's to give."""
    if interview.status != InterviewStatus.COMPLETED or getattr(user, "company_id", None) != interview.company_id:
        return False
    if InterviewFeedback.objects.filter(interview=interview, interviewer=user).exists():
        return False
    if not can(user, "give_feedback"):
        return False
    return can(user, "feedback_for_anyone") or interview.interviewers.filter(pk=user.pk).exists()


@transaction.atomic
def feedback_record(
    *, interview: Interview, user, rating: int, recommendation: str, comments: str = ""
) -> InterviewFeedback:
    """An interviewer's verdict after the interview: once each, never before completion."""
    _require_same_company(user, interview.company_id)
    require(user, "give_feedback")
    if not (can(user, "feedback_for_anyone") or interview.interviewers.filter(pk=user.pk).exists()):
        raise PermissionDenied("Only the interview's interviewers or a company administrator record feedback.")
    if interview.status != InterviewStatus.COMPLETED:
        raise ValidationError("Feedback is recorded once the interview is completed.")
    errors = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = ["Rate from 1 to 5."]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [f"Choose one of {', '.join(Recommendation.values)}."]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return InterviewFeedback.objects.create(
                company_id=interview.company_id,
                interview=interview,
                interviewer=user,
                rating=rating,
                recommendation=recommendation,
                comments=(comments or "").strip(),
            )
    except IntegrityError as error:
        raise ValidationError("You already recorded feedback for this interview.") from error
