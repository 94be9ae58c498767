from datetime import UTC, timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from interviews import selectors, services
from interviews.calendar import interview_ics
from interviews.models import Interview, InterviewFeedback
from interviews.tests.conftest import FRIDAY_BEFORE, MONDAY_AFTER
from interviews.tests.factories import InterviewFactory
from interviews.timezones import to_utc
from matching.tests.factories import MatchResultFactory
from pipeline import services as pipeline_services

pytestmark = pytest.mark.django_db


def schedule(candidate, job, user, **fields):
    fields.setdefault("interview_type", "video")
    fields.setdefault("scheduled_at", timezone.now() + timedelta(days=3))
    return services.interview_schedule(resume=candidate, job=job, user=user, **fields)


def completed(interview):
    Interview.objects.filter(pk=interview.pk).update(status="completed")
    interview.refresh_from_db()
    return interview


# --- time zones -----------------------------------------------------------------------


def test_nine_in_new_york_stays_nine_across_the_end_of_daylight_saving(candidate, job, recruiter):
    before = schedule(
        candidate, job, recruiter, scheduled_at=to_utc(FRIDAY_BEFORE, "America/New_York"), timezone="America/New_York"
    )
    after = schedule(
        candidate, job, recruiter, scheduled_at=to_utc(MONDAY_AFTER, "America/New_York"), timezone="America/New_York"
    )
    before.refresh_from_db(), after.refresh_from_db()
    assert before.scheduled_at.astimezone(UTC).hour == 13  # EDT, UTC-4
    assert after.scheduled_at.astimezone(UTC).hour == 14  # EST, UTC-5
    assert before.local_start.hour == after.local_start.hour == 9
    assert after.timezone == "America/New_York"


def test_rescheduling_over_the_change_keeps_the_local_hour(candidate, job, recruiter):
    interview = schedule(
        candidate, job, recruiter, scheduled_at=to_utc(FRIDAY_BEFORE, "America/New_York"), timezone="America/New_York"
    )
    new = services.interview_reschedule(
        interview=interview, user=recruiter, scheduled_at=to_utc(MONDAY_AFTER, "America/New_York")
    )
    assert new.timezone == "America/New_York" and new.local_start.hour == 9
    assert new.scheduled_at.astimezone(UTC).hour == 14


def test_a_time_skipped_by_daylight_saving_is_refused_a_repeated_one_is_the_first():
    from datetime import datetime

    with pytest.raises(ValidationError):
        to_utc(datetime(2027, 3, 14, 2, 30), "America/New_York")
    assert to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York").hour == 5  # 01:30 EDT
    with pytest.raises(ValidationError):
        to_utc(datetime(2026, 11, 1, 9, 0), "Mars/Olympus_Mons")


# --- statuses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, target",
    [
        ("completed", "cancelled"),
        ("completed", "scheduled"),
        ("cancelled", "completed"),
        ("cancelled", "scheduled"),
        ("rescheduled", "completed"),
        ("rescheduled", "cancelled"),
    ],
)
def test_final_statuses_stay_final(company, recruiter, start, target):
    interview = InterviewFactory(job__company=company, status=start, scheduled_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.interview_set_status(interview=interview, user=recruiter, status=target)
    assert Interview.objects.get(pk=interview.pk).status == start


def test_completing_and_cancelling_a_scheduled_interview(company, recruiter):
    past = InterviewFactory(job__company=company, scheduled_at=timezone.now() - timedelta(hours=2))
    done = services.interview_set_status(interview=past, user=recruiter, status="completed")
    assert done.status == "completed" and done.sequence == 1
    future = InterviewFactory(job__company=company)
    with pytest.raises(ValidationError):
        services.interview_set_status(interview=future, user=recruiter, status="completed")
    with pytest.raises(ValidationError):
        services.interview_set_status(interview=future, user=recruiter, status="rescheduled")
    assert services.interview_set_status(interview=future, user=recruiter, status="cancelled").status == "cancelled"
    with pytest.raises(ValidationError):
        services.interview_reschedule(interview=future, user=recruiter, scheduled_at=timezone.now() + timedelta(days=9))


def test_rescheduling_keeps_the_old_interview_as_history(candidate, job, recruiter, hiring_manager):
    old = schedule(candidate, job, recruiter, interviewers=[hiring_manager], location="Room 4")
    new = services.interview_reschedule(
        interview=old, user=recruiter, scheduled_at=old.scheduled_at + timedelta(days=1)
    )
    old.refresh_from_db()
    assert old.status == "rescheduled" and old.rescheduled_to == new
    assert new.status == "scheduled" and new.location == "Room 4" and list(new.interviewers.all()) == [hiring_manager]
    assert new.sequence > old.sequence
    with pytest.raises(ValidationError):
        services.interview_reschedule(interview=old, user=recruiter, scheduled_at=old.scheduled_at)


def test_moving_the_time_by_an_edit_is_refused(candidate, job, recruiter):
    interview = schedule(candidate, job, recruiter)
    with pytest.raises(ValidationError):
        services.interview_update(interview=interview, user=recruiter, scheduled_at=timezone.now())
    edited = services.interview_update(interview=interview, user=recruiter, location="Room 7")
    assert edited.location == "Room 7" and edited.sequence == 1


# --- rules ----------------------------------------------------------------------------


def test_a_rejected_candidate_cannot_be_scheduled_for_that_job(candidate, job, recruiter, company):
    MatchResultFactory(job=job, resume=candidate, status="rejected")
    with pytest.raises(ValidationError, match="rejected"):
        schedule(candidate, job, recruiter)
    from jobs.tests.factories import JobFactory

    assert schedule(candidate, JobFactory(company=company), recruiter).pk  # another job is fine


def test_a_candidate_rejected_after_scheduling_cannot_be_rescheduled(candidate, job, recruiter):
    match = MatchResultFactory(job=job, resume=candidate)
    interview = schedule(candidate, job, recruiter)
    pipeline_services.candidate_set_status(match=match, status="rejected", user=recruiter)
    with pytest.raises(ValidationError, match="rejected"):
        services.interview_reschedule(
            interview=interview, user=recruiter, scheduled_at=interview.scheduled_at + timedelta(days=1)
        )


def test_interviewers_are_members_of_the_company(candidate, job, recruiter, outsider):
    with pytest.raises(ValidationError) as error:
        schedule(candidate, job, recruiter, interviewers=[outsider])
    assert "interviewer_ids" in error.value.message_dict


def test_hiring_managers_neither_schedule_nor_change_status(candidate, job, hiring_manager):
    with pytest.raises(PermissionDenied):
        schedule(candidate, job, hiring_manager)
    interview = InterviewFactory(job=job, resume=candidate)
    for status in ("cancelled", "completed"):
        with pytest.raises(PermissionDenied):
            services.interview_set_status(interview=interview, user=hiring_manager, status=status)
    with pytest.raises(PermissionDenied):
        services.interview_reschedule(interview=interview, user=hiring_manager, scheduled_at=timezone.now())


def test_an_overlap_is_a_warning_not_a_refusal(candidate, job, recruiter, hiring_manager, company):
    start = timezone.now() + timedelta(days=2)
    first = schedule(candidate, job, recruiter, scheduled_at=start, duration_minutes=60, interviewers=[hiring_manager])
    overlapping = schedule(
        candidate, job, recruiter, scheduled_at=start + timedelta(minutes=30), interviewers=[hiring_manager, recruiter]
    )
    conflicts = selectors.interview_conflicts(interview=overlapping)
    assert [(c.interviewer, c.other) for c in conflicts] == [(hiring_manager, first)]
    assert "Hana Manager already has an interview" in str(conflicts[0])
    back_to_back = schedule(
        candidate, job, recruiter, scheduled_at=start + timedelta(minutes=90), interviewers=[hiring_manager]
    )
    assert selectors.interview_conflicts(interview=back_to_back) == []
    services.interview_set_status(interview=first, user=recruiter, status="cancelled")
    assert selectors.interview_conflicts(interview=overlapping) == []


# --- feedback -------------------------------------------------------------------------


def test_feedback_after_completion_once_per_interviewer(company, hiring_manager, recruiter, admin_user):
    interview = InterviewFactory(job__company=company, scheduled_at=timezone.now() - timedelta(hours=1))
    interview.interviewers.set([hiring_manager])
    with pytest.raises(ValidationError):
        services.feedback_record(interview=interview, user=hiring_manager, rating=4, recommendation="yes")
    completed(interview)
    assert services.feedback_can_record(interview=interview, user=hiring_manager)
    feedback = services.feedback_record(
        interview=interview, user=hiring_manager, rating=5, recommendation="strong_yes", comments="Sharp"
    )
    assert feedback.company_id == company.pk
    assert not services.feedback_can_record(interview=interview, user=hiring_manager)
    with pytest.raises(ValidationError):
        services.feedback_record(interview=interview, user=hiring_manager, rating=2, recommendation="no")
    with pytest.raises(PermissionDenied):
        services.feedback_record(interview=interview, user=recruiter, rating=3, recommendation="no")
    services.feedback_record(interview=interview, user=admin_user, rating=3, recommendation="no")
    assert InterviewFeedback.objects.filter(interview=interview).count() == 2


@pytest.mark.parametrize("rating, recommendation", [(0, "yes"), (6, "yes"), (3, "maybe")])
def test_feedback_values_are_checked(company, hiring_manager, rating, recommendation):
    interview = completed(InterviewFactory(job__company=company, scheduled_at=timezone.now() - timedelta(hours=1)))
    interview.interviewers.set([hiring_manager])
    with pytest.raises(ValidationError):
        services.feedback_record(interview=interview, user=hiring_manager, rating=rating, recommendation=recommendation)


# --- lists ----------------------------------------------------------------------------


def test_upcoming_for_me_leaves_out_past_cancelled_and_others(company, recruiter, hiring_manager):
    mine = InterviewFactory(job__company=company)
    mine.interviewers.set([recruiter])
    running = InterviewFactory(
        job__company=company, scheduled_at=timezone.now() - timedelta(minutes=10), duration_minutes=60
    )
    running.interviewers.set([recruiter])
    for extra in (
        InterviewFactory(job__company=company, scheduled_at=timezone.now() - timedelta(days=1)),
        InterviewFactory(job__company=company, status="cancelled"),
    ):
        extra.interviewers.set([recruiter])
    InterviewFactory(job__company=company).interviewers.set([hiring_manager])
    assert list(selectors.upcoming_for_user(user=recruiter)) == [running, mine]
    assert selectors.interview_list(company=company, upcoming=True).count() == 3


# --- calendar file --------------------------------------------------------------------


def _event(ics: bytes):
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_ics_is_a_valid_event_in_the_interviews_zone(candidate, job, recruiter, hiring_manager):
    interview = schedule(
        candidate,
        job,
        recruiter,
        scheduled_at=to_utc(MONDAY_AFTER, "America/New_York"),
        timezone="America/New_York",
        duration_minutes=45,
        location="Room 4",
        meeting_link="https://meet.example.com/abc",
        interviewers=[hiring_manager],
    )
    calendar, event = _event(interview_ics(interview))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    start = event.decoded("DTSTART")
    assert start.tzinfo.key == "America/New_York" and (start.hour, start.minute) == (9, 0)
    assert start.astimezone(UTC).hour == 14
    assert event.decoded("DURATION") == timedelta(minutes=45)
    assert str(event["UID"]).startswith(f"interview-{interview.pk}@")
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert "Ada Lovelace" in str(event["SUMMARY"]) and str(event["LOCATION"]) == "Room 4"
    assert str(event["URL"]) == "https://meet.example.com/abc"
    assert "hana@acme.test" in str(event["ATTENDEE"])
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "America/New_York"
    assert b"DTSTART;TZID=America/New_York:20261102T090000" in interview_ics(interview)


def test_ics_in_utc_cancelled_and_rescheduled(candidate, job, recruiter):
    interview = schedule(candidate, job, recruiter, timezone="UTC")
    _, event = _event(interview_ics(interview))
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    new = services.interview_reschedule(
        interview=interview, user=recruiter, scheduled_at=interview.scheduled_at + timedelta(days=1)
    )
    interview.refresh_from_db()
    _, old_event = _event(interview_ics(interview))
    _, new_event = _event(interview_ics(new))
    # One calendar event that moves: the same UID, a higher SEQUENCE, the old copy cancelled.
    assert old_event["UID"] == new_event["UID"] and new_event["SEQUENCE"] > old_event["SEQUENCE"]
    assert old_event["STATUS"] == "CANCELLED" and new_event["STATUS"] == "CONFIRMED"
    cancelled = services.interview_set_status(interview=new, user=recruiter, status="cancelled")
    assert _event(interview_ics(cancelled))[1]["STATUS"] == "CANCELLED"


def test_a_deactivated_member_cannot_be_an_interviewer(candidate, job, recruiter, company):
    gone = UserFactory(company=company, is_active=False)
    with pytest.raises(ValidationError):
        schedule(candidate, job, recruiter, interviewers=[gone])


def test_next_statuses_offer_completion_only_once_the_interview_has_started(recruiter, job, candidate):
    future = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() + timedelta(minutes=5))
    started = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() - timedelta(minutes=5))
    assert services.interview_next_statuses(interview=future) == ["cancelled"]
    assert services.interview_next_statuses(interview=started) == ["cancelled", "completed"]
    assert (
        services.interview_next_statuses(interview=InterviewFactory(job=job, resume=candidate, status="cancelled"))
        == []
    )
