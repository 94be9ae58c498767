from datetime import timezone as dt_timezone

import pytest
from django.test import Client

from interviews.models import Interview
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_schedule_an_interview_from_the_candidate_page(live_server, page, recruiter, hiring_manager, company):
    resume = ResumeFactory(company=company, candidate_name="Ada Lovelace")
    JobFactory(company=company, title="Platform Engineer")
    sign_in(page, live_server, recruiter)

    page.goto(f"{live_server.url}/candidates/{resume.pk}/")
    panel = page.locator("#interviews-panel")
    panel.locator("summary", has_text="Schedule an interview").click()
    panel.locator("select[name=job]").select_option(label="Platform Engineer")
    panel.locator("select[name=interview_type]").select_option("in_person")
    panel.locator("input[name=start]").fill("2026-12-07T09:00")
    panel.locator("select[name=timezone]").select_option("America/New_York")
    panel.locator("input[name=duration_minutes]").fill("45")
    panel.locator("input[name=location]").fill("HQ, room 4")
    panel.get_by_label("Hana Manager").check()
    panel.get_by_role("button", name="Schedule interview").click()

    page.locator("#interview-scheduled").wait_for()
    row = page.locator("#interviews-panel .interview-row")
    assert row.count() == 1
    assert "Mon Dec 7, 2026 09:00 EST" in row.inner_text() and "Hana Manager" in row.inner_text()
    interview = Interview.objects.get()
    assert interview.scheduled_at.astimezone(dt_timezone.utc).hour == 14 and interview.location == "HQ, room 4"

    row.get_by_role("link", name="Mon Dec 7, 2026 09:00 EST").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/")
    assert "Add to calendar" in page.content()
