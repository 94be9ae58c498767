import pytest
from django.test import Client

from resumes.tests.factories import ResumeFactory
from sharing.models import SharedLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_shared_link_and_open_it_without_a_session(live_server, browser, page, recruiter, company, settings):
    settings.SITE_URL = live_server.url
    resume = ResumeFactory(
        company=company, candidate_name="Ada Lovelace", email="ada@private.example", skill_names=["Python", "Django"]
    )
    client = Client()
    client.force_login(recruiter)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/candidates/{resume.pk}/")
    panel = page.locator("#links-panel")
    panel.locator("summary", has_text="Share this candidate").click()
    panel.get_by_role("button", name="Create link").click()
    url = page.locator("#shared-link-url").input_value()
    assert url.startswith(f"{live_server.url}/s/")
    assert SharedLink.objects.get().token_hash not in url

    visitor = browser.new_context()  # no cookies, no session: a hiring partner
    try:
        public = visitor.new_page()
        response = public.goto(url)
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert public.locator("h1").inner_text() == "Ada Lovelace"
        assert "Python" in public.content() and "ada@private.example" not in public.content()
        assert public.locator(".mainnav").count() == 0 and public.locator("a[href^='/candidates/']").count() == 0
    finally:
        visitor.close()

    # The recruiter's list now counts the view.
    page.reload()
    assert page.locator("#links-panel .shared-link td").nth(4).inner_text() == "1"
