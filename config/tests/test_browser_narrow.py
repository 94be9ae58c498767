"""At a phone's width (390 px) the portal fits: no page scrolls sideways (real Chromium)."""

import pytest
from django.test import Client

from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/jobs/", "/candidates/", "/interviews/"]


def test_no_page_overflows_sideways_at_390_px(live_server, browser, recruiter, company):
    JobFactory(company=company, title="Senior Platform Engineer, Payments Infrastructure")
    ResumeFactory(company=company, candidate_name="Maximiliane Oberhauser-Lindqvist")
    client = Client()
    client.force_login(recruiter)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    try:
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        for path in PAGES:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide in a {widths[1]} px window"
            # Every navigation link is on screen, reachable without scrolling sideways.
            for link in page.locator("nav.mainnav a").all():
                box = link.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= widths[1], (
                    path,
                    link.inner_text(),
                )
    finally:
        context.close()
