from datetime import UTC

import pytest
from django.test import Client

from interviews.models import Interview
from interviews.tests.factories import next_week_at
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_schedule_an_interview_from_the_candidate_page(live_server, page, recruiter, hiring_manager, company):
    resume = ResumeFactory(company=company, candidate_name="Ada Lovelace")
    JobFactory(company=company, title="Platform Engineer")
    start = next_week_at(9, "America/New_York")
    shown = f"{start:%a %b} {start.day}, {start:%Y %H:%M %Z}"  # Mon Dec 7, 2026 09:00 EST
    sign_in(page, live_server, recruiter)

    page.goto(f"{live_server.url}/candidates/{resume.pk}/")
    panel = page.locator("#interviews-panel")
    panel.locator("summary", has_text="Schedule an interview").click()
    panel.locator("select[name=job]").select_option(label="Platform Engineer")
    panel.locator("select[name=interview_type]").select_option("in_person")
    panel.locator("input[name=start]").fill(f"{start:%Y-%m-%dT%H:%M}")
    panel.locator("select[name=timezone]").select_option("America/New_York")
    panel.locator("input[name=duration_minutes]").fill("45")
    panel.locator("input[name=location]").fill("HQ, room 4")
    panel.get_by_label("Hana Manager").check()
    panel.get_by_role("button", name="Schedule interview").click()

    page.locator("#interview-scheduled").wait_for()
    row = page.locator("#interviews-panel .interview-row")
    assert row.count() == 1
    assert shown in row.inner_text() and "Hana Manager" in row.inner_text()
    interview = Interview.objects.get()
    assert interview.scheduled_at == start and interview.location == "HQ, room 4"
    assert interview.scheduled_at.astimezone(UTC).hour in (13, 14)  # 09:00 EDT or EST, stored in UTC

    row.get_by_role("link", name=shown).click()
    page.wait_for_url(f"**/interviews/{interview.pk}/")
    assert "Add to calendar" in page.content()


def test_a_scorecard_from_the_interview_page_to_the_candidate_summary(
    live_server, page, recruiter, hiring_manager, company
):
    from datetime import timedelta

    from django.utils import timezone

    from interviews.models import InterviewFeedback
    from interviews.tests.factories import InterviewFactory

    job = JobFactory(company=company, title="Platform Engineer", skills_required=["Python", "Kubernetes"])
    resume = ResumeFactory(company=company, candidate_name="Ada Lovelace")
    interview = InterviewFactory(
        job=job, resume=resume, status="completed", scheduled_at=timezone.now() - timedelta(hours=1)
    )
    interview.interviewers.set([hiring_manager])

    sign_in(page, live_server, hiring_manager)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    form = page.locator("#interview-feedback form")
    form.get_by_label("Python").select_option("4")
    form.get_by_label("Kubernetes").select_option("2")
    form.get_by_label("Overall recommendation").select_option("yes")
    form.get_by_label("Notes").fill("Deep Python, little cluster work")
    form.get_by_role("button", name="Submit scorecard").click()
    page.get_by_text("your scorecard is submitted").wait_for()
    assert InterviewFeedback.objects.get().ratings.count() == 2

    page.context.clear_cookies()
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/candidates/{resume.pk}/")
    panel = page.locator("#scorecards-panel")
    panel.locator(".scorecard-table").wait_for()  # loaded by htmx
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts() for row in panel.locator("tbody tr").all()
    }
    assert rows == {"Python": ["4.0", "0", "0", "0", "1", "0"], "Kubernetes": ["2.0", "0", "1", "0", "0", "0"]}
    assert "Yes: 1" in panel.inner_text() and "Hana Manager" in panel.inner_text()
