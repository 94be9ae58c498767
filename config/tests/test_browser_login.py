import pytest

from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_through_the_login_page_shows_the_dashboard_with_the_company(live_server, page, recruiter):
    page.goto(live_server.url + "/")
    # Anonymous visitors land on the login page.
    assert "/accounts/login/" in page.url

    page.fill("input[name=username]", recruiter.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Acme Recruiting"
    assert page.locator(".company-name").inner_text() == "Acme Recruiting"
    assert "Bob Recruiter" in page.locator(".user-name").inner_text()


def test_a_wrong_password_stays_on_the_login_page_with_a_message(live_server, page, recruiter):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", recruiter.email)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert "Wrong email or password" in page.content()
