"""Every write of interviews: scheduling, details, status changes, feedback.

Who may do what:
- recruiters and company administrators schedule interviews, edit them, and
  move them through their statuses (complete, cancel, reschedule);
- hiring managers read interviews and change no status, but record feedback
  when they are one of the interviewers;
- feedback comes after completion, once per interviewer, from the interview's
  interviewers or a company administrator;
- only company administrators delete an interview (everyone else cancels it,
  which keeps the history);
- recruiters and company administrators edit the competencies a job's
  scorecards assess (pre-filled from the job's required skills).

Feedback is a scorecard: a rating of each of the job's competencies (1–4,
strong no to strong yes, or not assessed), an overall recommendation and
notes. Who may read whose scorecards is in selectors (feedback_visible_to).

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
from interviews import calendar
from interviews.models import (
    Competency,
    CompetencyRating,
    Interview,
    InterviewFeedback,
    InterviewStatus,
    InterviewType,
    Recommendation,
    ScorecardRating,
)
from interviews.timezones import zone
from jobs.services import clean_skill_list
from messaging import services as messaging
from messaging.models import CandidateMessage, EmailTemplate, TemplateKind
from pipeline.models import Candidacy
from pipeline.status import CandidateStatus, kinds_of

TRANSITIONS: dict[str, set[str]] = {
    InterviewStatus.SCHEDULED: {InterviewStatus.COMPLETED, InterviewStatus.CANCELLED, InterviewStatus.RESCHEDULED},
    InterviewStatus.COMPLETED: set(),
    InterviewStatus.CANCELLED: set(),
    InterviewStatus.RESCHEDULED: set(),
}
DETAIL_FIELDS = ("interview_type", "duration_minutes", "location", "meeting_link", "notes")
MIN_DURATION, MAX_DURATION = 5, 8 * 60
MAX_COMPETENCIES = 30
COMPETENCY_NAME_LENGTH = 100


def _require_scheduler(user) -> None:
    require(user, "schedule_interviews")


def _require_same_company(user, company_id) -> None:
    if getattr(user, "company_id", None) != company_id:
        raise PermissionDenied("Only members of the interview's company can do this.")


def interview_check_schedulable(*, resume, job) -> None:
    """A candidate rejected for a job cannot be scheduled for it (portal, API and admin)."""
    rejected = Candidacy.objects.filter(
        company_id=job.company_id, job=job, resume=resume, stage__kind__in=kinds_of(CandidateStatus.REJECTED)
    ).exists()
    if rejected:
        raise ValidationError(
            f"{resume.display_name} was rejected for “{job.title}” and cannot be scheduled for it. "
            "Move them to another stage for this job first."
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
    email_template: EmailTemplate | None = None,
) -> Interview:
    """Plan an interview of a candidate for a job. Overlaps are warnings (see
    selectors.interview_conflicts), never a refusal: people double-book on purpose.
    With `email_template` the candidate is emailed the invitation and its .ics
    (in the same transaction: no interview, no email)."""
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
    interview = Interview.objects.create(
        company_id=resume.company_id, resume=resume, job=job, created_by=user, **details
    )
    interview.interviewers.set(people)
    if email_template is not None:
        interview_invite(interview=interview, user=user, template=email_template)
    return interview


def interview_merge_values(interview: Interview) -> dict[str, str]:
    """The interview's merge fields (messaging.merge.FIELDS), as the candidate reads them."""
    start = interview.local_start
    hours, minutes = divmod(interview.duration_minutes, 60)
    duration = " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if part)
    return {
        "interview_time": f"{start:%A, %B} {start.day}, {start.year} at {start:%H:%M} {start.tzname()} ({interview.timezone})",
        "interview_type": interview.get_interview_type_display().lower(),
        "interview_duration": duration,
        "interview_location": interview.location or interview.meeting_link or "to be confirmed",
        "interview_link": interview.meeting_link,
    }


def interview_invite(*, interview: Interview, user, template: EmailTemplate) -> CandidateMessage:
    """Email the candidate an invitation template with the interview's .ics attached."""
    _require_scheduler(user)
    _require_same_company(user, interview.company_id)
    if template.kind != TemplateKind.INVITATION:
        raise ValidationError({"email_template": ["Choose an interview invitation template."]})
    return messaging.email_invitation(
        user=user,
        resume=interview.resume,
        job=interview.job,
        template=template,
        interview_values=interview_merge_values(interview),
        calendar_file=(
            calendar.ics_filename(interview),
            calendar.interview_ics(interview, for_candidate=True).decode(),
        ),
    )


def _locked(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


def _check_transition(interview: Interview, status: str) -> None:
    if status not in InterviewStatus.values:
        raise ValidationError({"status": [f"Unknown status “{status}”."]})
    if status not in TRANSITIONS[interview.status]:
        raise ValidationError(
            {
                "status": [
                    f"A {interview.get_status_display().lower()} interview cannot become {InterviewStatus(status).label.lower()}."
                ]
            }
        )


@transaction.atomic
def interview_update(*, interview: Interview, user, **fields) -> Interview:
    """Change the details of a scheduled interview (not its time: that is a reschedule)."""
    _require_scheduler(user)
    _require_same_company(user, interview.company_id)
    unknown = set(fields) - set(DETAIL_FIELDS) - {"interviewers"}
    if unknown & {"scheduled_at", "timezone"}:
        raise ValidationError(
            {
                "scheduled_at": [
                    "To move an interview, reschedule it (status “rescheduled” with the new start): the old one is kept as history."
                ]
            }
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


def _clean_ratings(*, interview: Interview, ratings) -> dict:
    """{competency id: 1–4 or None (not assessed)} -> {Competency: rating} for the rated ones."""
    if not ratings:
        return {}
    active = {str(c.pk): c for c in Competency.objects.filter(job_id=interview.job_id, archived_at__isnull=True)}
    cleaned, errors = {}, []
    for key, value in dict(ratings).items():
        competency = active.get(str(key))
        if competency is None:
            errors.append(f"“{key}” is not a competency of {interview.job.title}.")
            continue
        if value in (None, ""):
            continue  # not assessed
        # Whole numbers only: 2.5 is not "a bit of no and yes", it is a mistake.
        value = int(value) if not isinstance(value, bool) and str(value).strip().isdigit() else 0
        if value not in CompetencyRating.values:
            errors.append(f"Rate {competency.name} from 1 (strong no) to 4 (strong yes), or leave it not assessed.")
            continue
        cleaned[competency] = value
    if errors:
        raise ValidationError({"ratings": errors})
    return cleaned


@transaction.atomic
def feedback_record(
    *,
    interview: Interview,
    user,
    recommendation: str,
    comments: str = "",
    ratings=None,
    rating: int | str | None = None,
) -> InterviewFeedback:
    """An interviewer's scorecard after the interview: once each, never before completion.

    `ratings` maps competency ids of the interview's job to 1–4 (strong no … strong
    yes) or None (not assessed); a competency left out was not assessed. `rating`, the
    overall 1–5 rating of feedback before scorecards, stays optional for old clients.
    """
    _require_same_company(user, interview.company_id)
    require(user, "give_feedback")
    if not (can(user, "feedback_for_anyone") or interview.interviewers.filter(pk=user.pk).exists()):
        raise PermissionDenied("Only the interview's interviewers or a company administrator record feedback.")
    if interview.status != InterviewStatus.COMPLETED:
        raise ValidationError("Feedback is recorded once the interview is completed.")
    errors = {}
    overall: int | None = None
    if rating is not None and rating != "":
        try:
            overall = int(rating)
        except (TypeError, ValueError):
            overall = 0
        if not 1 <= overall <= 5:
            errors["rating"] = ["Rate from 1 to 5."]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [f"Choose one of {', '.join(Recommendation.values)}."]
    try:
        rated = _clean_ratings(interview=interview, ratings=ratings)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            feedback = InterviewFeedback.objects.create(
                company_id=interview.company_id,
                interview=interview,
                job_id=interview.job_id,
                resume_id=interview.resume_id,
                interviewer=user,
                rating=overall,
                recommendation=recommendation,
                comments=(comments or "").strip(),
            )
    except IntegrityError as error:
        raise ValidationError("You already recorded feedback for this interview.") from error
    ScorecardRating.objects.bulk_create(
        ScorecardRating(company_id=interview.company_id, feedback=feedback, competency=competency, rating=value)
        for competency, value in rated.items()
    )
    return feedback


# --- competencies ------------------------------------------------------------------------


def competencies_prefill(*, job) -> None:
    """Give a job that never had competencies one per required skill. Safe to run twice
    (and concurrently): a job with any competency, even archived, is left alone."""
    if Competency.objects.filter(job=job).exists():
        return
    Competency.objects.bulk_create(
        [
            Competency(company_id=job.company_id, job=job, name=name, position=position)
            for position, name in enumerate(clean_skill_list(job.skills_required)[:MAX_COMPETENCIES])
        ],
        ignore_conflicts=True,
    )


def _clean_competency_names(names) -> list[str]:
    cleaned, seen, errors = [], set(), []
    for raw in names or []:
        name = " ".join(str(raw).split())
        if not name or name.casefold() in seen:
            continue
        if len(name) > COMPETENCY_NAME_LENGTH:
            errors.append(f"“{name[:30]}…” is longer than {COMPETENCY_NAME_LENGTH} characters.")
        seen.add(name.casefold())
        cleaned.append(name)
    if len(cleaned) > MAX_COMPETENCIES:
        errors.append(f"At most {MAX_COMPETENCIES} competencies per job.")
    if errors:
        raise ValidationError({"names": errors})
    return cleaned


@transaction.atomic
def competencies_set(*, job, user, names) -> list[Competency]:
    """The job's competencies become `names`, in that order. A name kept keeps its row
    (and its ratings); a name removed is archived, so past scorecards keep it; a name
    added back is restored."""
    require(user, "edit_competencies")
    _require_same_company(user, job.company_id)
    cleaned = _clean_competency_names(names)
    existing = {c.name.casefold(): c for c in Competency.objects.select_for_update().filter(job=job)}
    now = dj_timezone.now()
    kept = []
    for position, name in enumerate(cleaned):
        competency = existing.pop(name.casefold(), None)
        if competency is None:
            competency = Competency.objects.create(company_id=job.company_id, job=job, name=name, position=position)
        elif (competency.name, competency.position, competency.archived_at) != (name, position, None):
            competency.name, competency.position, competency.archived_at = name, position, None
            competency.save(update_fields=["name", "position", "archived_at", "updated_at"])
        kept.append(competency)
    Competency.objects.filter(pk__in=[c.pk for c in existing.values() if c.archived_at is None]).update(
        archived_at=now, updated_at=now
    )
    return kept
