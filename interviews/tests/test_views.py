import re
from datetime import UTC, timedelta

import icalendar
import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewFeedback
from interviews.tests.factories import InterviewFactory
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


def panel(client, candidate, data=None):
    url = f"/interviews/candidates/{candidate.pk}/"
    if data is None:
        return client.get(url, HTTP_HX_REQUEST="true")
    return client.post(url, data, HTTP_HX_REQUEST="true")


def form_data(job, **extra):
    return {
        "job": job.pk,
        "interview_type": "video",
        "start": "2026-11-02T09:00",
        "timezone": "America/New_York",
        "duration_minutes": 45,
        "meeting_link": "https://meet.example.com/xyz",
        **extra,
    }


def test_schedule_from_the_candidate_panel_in_local_time(recruiter_client, candidate, job, hiring_manager):
    html = panel(recruiter_client, candidate).content.decode()
    assert "Schedule an interview" in html and 'type="datetime-local"' in html and "America/New_York" in html
    response = panel(recruiter_client, candidate, form_data(job, interviewers=[hiring_manager.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="interview-scheduled"' in html
    interview = Interview.objects.get()
    assert interview.scheduled_at.astimezone(UTC).hour == 14 and interview.timezone == "America/New_York"
    assert list(interview.interviewers.all()) == [hiring_manager]
    assert "Mon Nov 2, 2026 09:00 EST" in html


def test_the_confirmation_gives_the_local_time_and_its_zone(recruiter_client, candidate, job):
    html = panel(recruiter_client, candidate, form_data(job)).content.decode()
    confirmation = re.search(r'<p [^>]*id="interview-scheduled">(.*?)</p>', html, re.S)[1]
    # 09:00 in New York, not the 14:00 UTC it is stored as, and the zone is named.
    assert "09:00" in confirmation and "14:00" not in confirmation
    assert "EST" in confirmation and "America/New_York" in confirmation


def test_the_zone_select_remembers_the_last_zone_used(recruiter_client, candidate, job):
    # A first-time scheduler's zone select is left to the browser's zone (shortlist.js);
    # once they have scheduled, the zone they used is the default.
    assert "data-browser-zone" in panel(recruiter_client, candidate).content.decode()
    panel(recruiter_client, candidate, form_data(job, timezone="Europe/Berlin"))
    html = panel(recruiter_client, candidate).content.decode()
    assert '<option value="Europe/Berlin" selected>' in html
    assert "data-browser-zone" not in html


def test_a_rejected_candidate_gets_a_clear_error(recruiter_client, candidate, job):
    MatchResultFactory(job=job, resume=candidate, status="rejected")
    html = panel(recruiter_client, candidate, form_data(job)).content.decode()
    assert "was rejected for" in html and "cannot be scheduled" in html
    assert not Interview.objects.exists()


def test_an_overlap_is_shown_as_a_warning(recruiter_client, candidate, job, hiring_manager):
    panel(recruiter_client, candidate, form_data(job, interviewers=[hiring_manager.pk]))
    html = panel(
        recruiter_client, candidate, form_data(job, start="2026-11-02T09:30", interviewers=[hiring_manager.pk])
    ).content.decode()
    assert "Overlap:" in html and "Hana Manager already has an interview" in html
    assert Interview.objects.count() == 2


def test_a_missing_time_is_a_form_error(recruiter_client, candidate, job):
    html = panel(recruiter_client, candidate, form_data(job, start="")).content.decode()
    assert "errorlist" in html and not Interview.objects.exists()


def test_hiring_managers_see_interviews_but_cannot_schedule(client, hiring_manager, candidate, job):
    client.force_login(hiring_manager)
    InterviewFactory(job=job, resume=candidate)
    html = panel(client, candidate).content.decode()
    assert "interview-row" in html and "Schedule an interview" not in html
    assert panel(client, candidate, form_data(job)).status_code == 403


def test_a_future_interview_offers_no_mark_completed(recruiter_client, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() + timedelta(hours=2))
    html = recruiter_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Mark completed" not in html and "Cancel interview" in html


def test_interview_page_status_reschedule_and_feedback(recruiter_client, candidate, job, hiring_manager):
    from django.test import Client

    client = Client()  # the fixture's client is the recruiter's
    interview = InterviewFactory(job=job, resume=candidate, scheduled_at=timezone.now() - timedelta(hours=2))
    interview.interviewers.set([hiring_manager])
    html = recruiter_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Mark completed" in html and "Reschedule" in html
    response = recruiter_client.post(f"/interviews/{interview.pk}/status/", {"status": "completed"})
    assert response.status_code == 302 and Interview.objects.get(pk=interview.pk).status == "completed"
    response = recruiter_client.post(f"/interviews/{interview.pk}/status/", {"status": "cancelled"}, follow=True)
    assert "cannot become cancelled" in response.content.decode()

    client.force_login(hiring_manager)
    html = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Your scorecard" in html and "Mark completed" not in html
    assert client.post(f"/interviews/{interview.pk}/status/", {"status": "cancelled"}).status_code == 403
    response = client.post(
        f"/interviews/{interview.pk}/feedback/", {"rating": 4, "recommendation": "yes", "comments": "Solid"}
    )
    assert response.status_code == 302
    assert InterviewFeedback.objects.get().interviewer == hiring_manager
    html = recruiter_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Solid" in html and "Your scorecard" not in html  # the recruiter was not an interviewer
    assert (
        recruiter_client.post(
            f"/interviews/{interview.pk}/feedback/", {"rating": 4, "recommendation": "yes"}
        ).status_code
        == 403
    )


def test_reschedule_in_the_portal(recruiter_client, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate, timezone="Europe/Berlin")
    response = recruiter_client.post(
        f"/interviews/{interview.pk}/reschedule/",
        {"start": "2026-12-01T10:00", "timezone": "Europe/Berlin", "duration_minutes": 30},
    )
    new = Interview.objects.exclude(pk=interview.pk).get()
    assert response.status_code == 302 and response.url == f"/interviews/{new.pk}/"
    assert new.scheduled_at.astimezone(UTC).hour == 9 and new.duration_minutes == 30
    html = recruiter_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Rescheduled" in html and f"/interviews/{new.pk}/" in html
    bad = recruiter_client.post(
        f"/interviews/{new.pk}/reschedule/", {"start": "", "timezone": "Europe/Berlin", "duration_minutes": 30}
    )
    assert bad.status_code == 400


def test_ics_download(recruiter_client, candidate, job):
    interview = InterviewFactory(job=job, resume=candidate)
    for url in (f"/interviews/{interview.pk}/ics/", f"/interviews/{interview.pk}.ics"):
        response = recruiter_client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
        assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_lists_mine_company_and_job(recruiter_client, company, recruiter, hiring_manager, job):
    from jobs.tests.factories import JobFactory

    mine = InterviewFactory(job=job, resume__candidate_name="Mine Person")
    mine.interviewers.set([recruiter])
    other = InterviewFactory(job=JobFactory(company=company), resume__candidate_name="Other Person")
    other.interviewers.set([hiring_manager])
    html = recruiter_client.get("/interviews/").content.decode()
    assert "Mine Person" in html and "Other Person" not in html
    html = recruiter_client.get("/interviews/?scope=company").content.decode()
    assert "Mine Person" in html and "Other Person" in html
    html = recruiter_client.get(f"/interviews/jobs/{job.pk}/").content.decode()
    assert "Mine Person" in html and "Other Person" not in html
    html = recruiter_client.get(f"/interviews/?scope=company&job={other.job_id}").content.decode()
    assert "Mine Person" not in html and "Other Person" in html
    rows = recruiter_client.get(
        "/interviews/?scope=all&status=cancelled", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="interview-rows"
    )
    assert "<html" not in rows.content.decode() and "No interviews here." in rows.content.decode()


def test_the_nav_links_to_interviews(recruiter_client):
    assert 'href="/interviews/"' in recruiter_client.get("/").content.decode()


def test_admin_status_changes_go_through_the_transitions(client, admin_user, company):
    client.force_login(admin_user)
    done = InterviewFactory(job__company=company, status="cancelled")
    live = InterviewFactory(job__company=company)
    response = client.post(
        "/admin/interviews/interview/",
        {"action": "mark_completed", "_selected_action": [done.pk, live.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Interview.objects.get(pk=done.pk).status == "cancelled"  # final stays final
    assert Interview.objects.get(pk=live.pk).status == "scheduled"  # has not started yet
    client.post("/admin/interviews/interview/", {"action": "mark_cancelled", "_selected_action": [live.pk]})
    assert Interview.objects.get(pk=live.pk).status == "cancelled"


def test_a_bad_filter_is_named_and_nothing_is_listed(recruiter_client, recruiter, job):
    mine = InterviewFactory(job=job, resume__candidate_name="Mine Person")
    mine.interviewers.set([recruiter])
    response = recruiter_client.get("/interviews/", {"status": "lost"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“status”" in html and "Mine Person" not in html
    assert recruiter_client.get("/interviews/", {"job": "nope"}).status_code == 400
