from datetime import UTC, timedelta

import icalendar
import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewFeedback
from interviews.tests.factories import InterviewFactory, next_week_at
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/interviews"


def body(candidate, job, **extra):
    return {
        "resume_id": str(candidate.pk),
        "job_id": str(job.pk),
        "interview_type": "phone",
        "scheduled_at": "2026-11-02T14:00:00Z",
        "timezone": "America/New_York",
        "duration_minutes": 30,
        **extra,
    }


def test_create_with_the_contract_fields(recruiter_api, candidate, job, hiring_manager):
    response = recruiter_api.post(API, body(candidate, job, interviewer_ids=[str(hiring_manager.pk)], location="HQ"))
    assert response.status_code == 201, response.content
    data = response.json()
    for field in (
        "resume_id",
        "job_id",
        "interview_type",
        "scheduled_at",
        "duration_minutes",
        "location",
        "meeting_link",
        "notes",
        "status",
    ):
        assert field in data
    assert data["scheduled_at"] == "2026-11-02T14:00:00Z" and data["local_start"] == "2026-11-02T09:00:00-05:00"
    assert data["status"] == "scheduled" and data["interviewers"][0]["email"] == "hana@acme.test"
    assert data["warnings"] == []


def test_a_time_without_offset_is_local_to_the_zone(recruiter_api, candidate, job):
    data = recruiter_api.post(API, body(candidate, job, scheduled_at="2026-11-02T09:00")).json()
    assert data["scheduled_at"] == "2026-11-02T14:00:00Z"
    skipped = recruiter_api.post(API, body(candidate, job, scheduled_at="2027-03-14T02:30"))
    assert skipped.status_code == 400 and "scheduled_at" in skipped.json()


def test_a_rejected_candidate_is_a_400_with_a_message(recruiter_api, candidate, job):
    MatchResultFactory(job=job, resume=candidate, status="rejected")
    response = recruiter_api.post(API, body(candidate, job))
    assert response.status_code == 400
    assert "rejected" in str(response.json()["detail"])


def test_overlaps_come_back_as_warnings(recruiter_api, candidate, job, hiring_manager):
    recruiter_api.post(API, body(candidate, job, interviewer_ids=[str(hiring_manager.pk)]))
    data = recruiter_api.post(
        API, body(candidate, job, scheduled_at="2026-11-02T14:15:00Z", interviewer_ids=[str(hiring_manager.pk)])
    ).json()
    assert len(data["warnings"]) == 1 and "Hana Manager" in data["warnings"][0]


def test_invalid_input(recruiter_api, candidate, job, outsider):
    assert recruiter_api.post(API, body(candidate, job, timezone="Nowhere/City")).status_code == 400
    assert recruiter_api.post(API, body(candidate, job, duration_minutes=2)).status_code == 400
    response = recruiter_api.post(API, body(candidate, job, interviewer_ids=[str(outsider.pk)]))
    assert response.status_code == 400 and "interviewer_ids" in response.json()


def test_hiring_managers_cannot_schedule_or_change_status(manager_api, candidate, job):
    assert manager_api.post(API, body(candidate, job)).status_code == 403
    interview = InterviewFactory(job=job, resume=candidate)
    assert manager_api.patch(f"{API}/{interview.pk}", {"status": "cancelled"}).status_code == 403
    assert manager_api.get(f"{API}/{interview.pk}").status_code == 200


def test_filters(recruiter_api, recruiter, company, job, candidate):
    from jobs.tests.factories import JobFactory

    a = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() + timedelta(days=1))
    a.interviewers.set([recruiter])
    b = InterviewFactory(
        job=JobFactory(company=company), scheduled_at=timezone.now() + timedelta(days=5), status="cancelled"
    )

    def ids(query):
        response = recruiter_api.get(f"{API}?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {str(a.pk), str(b.pk)}
    assert ids(f"job={job.pk}") == {str(a.pk)}
    assert ids(f"resume={candidate.pk}") == ids(f"candidate={candidate.pk}") == {str(a.pk)}
    assert ids("interviewer=me") == ids(f"interviewer={recruiter.pk}") == {str(a.pk)}
    assert ids("status=cancelled") == {str(b.pk)}
    later = (timezone.now() + timedelta(days=3)).date().isoformat()
    assert ids(f"from={later}") == {str(b.pk)}
    assert ids(f"to={later}") == {str(a.pk)}
    assert ids("upcoming=1") == {str(a.pk)}
    assert recruiter_api.get(f"{API}?from=yesterday").status_code == 400
    assert recruiter_api.get(f"{API}?status=lost").status_code == 400


def test_patch_details_statuses_and_reschedule(recruiter_api, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate, timezone="America/New_York")
    url = f"{API}/{interview.pk}"
    assert recruiter_api.patch(url, {"location": "Room 9"}).json()["location"] == "Room 9"
    moved = recruiter_api.patch(url, {"scheduled_at": "2026-12-01T15:00:00Z"})
    assert moved.status_code == 400 and "reschedul" in str(moved.json())
    # In the future, so that completing the new interview is refused below.
    start = next_week_at(9, "America/New_York")
    response = recruiter_api.patch(url, {"status": "rescheduled", "scheduled_at": f"{start:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 200, response.content
    new = response.json()
    assert new["id"] != str(interview.pk) and new["scheduled_at"] == f"{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    assert recruiter_api.get(url).json()["rescheduled_to_id"] == new["id"]
    assert recruiter_api.patch(url, {"status": "cancelled"}).status_code == 400
    assert recruiter_api.patch(f"{API}/{new['id']}", {"status": "completed"}).status_code == 400  # not started
    assert recruiter_api.patch(f"{API}/{new['id']}", {"status": "cancelled"}).json()["status"] == "cancelled"
    again = recruiter_api.post(
        f"{API}/{new['id']}/reschedule", {"scheduled_at": f"{start + timedelta(days=1):%Y-%m-%dT%H:%M}"}
    )
    assert again.status_code == 400


def test_reschedule_action(recruiter_api, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate, timezone="Europe/Berlin")
    response = recruiter_api.post(f"{API}/{interview.pk}/reschedule", {"scheduled_at": "2026-12-01T10:00"})
    assert response.status_code == 201 and response.json()["scheduled_at"] == "2026-12-01T09:00:00Z"


def test_feedback_endpoint(manager_api, recruiter_api, candidate, job, hiring_manager):
    interview = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() - timedelta(hours=1))
    interview.interviewers.set([hiring_manager])
    url = f"{API}/{interview.pk}/feedback"
    assert manager_api.post(url, {"rating": 5, "recommendation": "strong_yes"}).status_code == 400  # not completed
    Interview.objects.filter(pk=interview.pk).update(status="completed")
    response = manager_api.post(url, {"rating": 5, "recommendation": "strong_yes", "comments": "Hire"})
    assert response.status_code == 201 and response.json()["interviewer"]["email"] == "hana@acme.test"
    assert manager_api.post(url, {"rating": 4, "recommendation": "yes"}).status_code == 400
    assert manager_api.post(url, {"rating": 9, "recommendation": "yes"}).status_code == 400
    assert recruiter_api.post(url, {"rating": 4, "recommendation": "yes"}).status_code == 403
    assert [row["comments"] for row in recruiter_api.get(url).json()] == ["Hire"]
    assert InterviewFeedback.objects.count() == 1


@pytest.mark.parametrize("suffix", ["/ics", ".ics"])
def test_ics_endpoints(recruiter_api, candidate, job, suffix):
    interview = InterviewFactory(job=job, resume=candidate)
    response = recruiter_api.get(f"{API}/{interview.pk}{suffix}", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == interview.scheduled_at.replace(microsecond=0)


def test_only_admins_delete(recruiter_api, admin_api, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate)
    assert recruiter_api.delete(f"{API}/{interview.pk}").status_code == 403
    assert admin_api.delete(f"{API}/{interview.pk}").status_code == 204


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=lost", "status"),
        ("upcoming=maybe", "upcoming"),
        ("job=not-a-uuid", "job"),
        ("interviewer=somebody", "interviewer"),
        ("to=soon", "to"),
        ("scope=everything", "scope"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(recruiter_api, job, candidate, query, field):
    InterviewFactory(job=job, resume=candidate)
    response = recruiter_api.get(f"{API}?{query}")
    assert response.status_code == 400 and field in response.json(), response.content


def test_another_companys_job_as_a_filter_is_a_404_like_an_unknown_one(recruiter_api, outsider_api, job, candidate):
    InterviewFactory(job=job, resume=candidate)
    foreign = outsider_api.get(f"{API}?job={job.pk}")
    unknown = outsider_api.get(f"{API}?job=00000000-0000-0000-0000-000000000001")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()
