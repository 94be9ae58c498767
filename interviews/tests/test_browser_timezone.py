"""The scheduling form's time zone starts at the browser's own (shortlist.js), in real Chromium."""

import pytest
from django.test import Client

from interviews.models import Interview
from interviews.tests.factories import next_week_at
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_interview_is_planned_in_the_browsers_zone(live_server, browser, recruiter, company):
    resume = ResumeFactory(company=company, candidate_name="Ada Lovelace")
    JobFactory(company=company, title="Platform Engineer")
    start = next_week_at(9, "Asia/Tokyo")
    client = Client()
    client.force_login(recruiter)
    context = browser.new_context(timezone_id="Asia/Tokyo")
    context.set_default_timeout(10_000)
    try:
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        page.goto(f"{live_server.url}/candidates/{resume.pk}/")
        panel = page.locator("#interviews-panel")
        panel.locator("summary", has_text="Schedule an interview").click()
        assert panel.locator("select[name=timezone]").input_value() == "Asia/Tokyo"

        panel.locator("select[name=job]").select_option(label="Platform Engineer")
        panel.locator("input[name=start]").fill(f"{start:%Y-%m-%dT%H:%M}")
        panel.get_by_role("button", name="Schedule interview").click()
        confirmation = page.locator("#interview-scheduled")
        confirmation.wait_for()
        # The confirmation gives the time as planned, with its zone, not the stored UTC.
        assert f"{start:%Y-%m-%d} 09:00 JST (Asia/Tokyo)" in confirmation.inner_text()
        interview = Interview.objects.get()
        assert interview.timezone == "Asia/Tokyo" and interview.scheduled_at == start
    finally:
        context.close()
