"""The job board in real Chromium: drag a card to another column, move another with the
keyboard alone, and read the announcement; the filters survive a reload. A bulk
rejection with email from the ranked list, read back from the SMTP server."""

from typing import Any

import pytest
from playwright.sync_api import expect

from config.tests.browser_fixtures import htmx_settled
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from pipeline.models import Candidacy, StageChange
from pipeline.selectors import pipeline_stages
from pipeline.services import candidacy_ensure
from resumes.tests.test_browser_upload import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drag_a_card_and_move_another_with_the_keyboard(
    live_server: Any, page: Any, recruiter: Any, company: Any
) -> None:
    job = JobFactory(company=company, title="Backend Engineer")
    for name, score, title in (("Ada Lovelace", 91, "Staff Engineer"), ("Bob Builder", 64, "Foreman")):
        match = MatchResultFactory(job=job, match_score=score, resume__candidate_name=name, resume__current_title=title)
        candidacy_ensure(job=job, resume=match.resume)
    stages = {stage.name: stage for stage in pipeline_stages(job=job)}
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    page.get_by_role("link", name="Board", exact=True).click()
    page.wait_for_url(lambda url: "view=board" in url)

    def column(name: str) -> Any:
        return page.locator(f'.board-column[data-stage="{stages[name].pk}"]')

    expect(column("Applied").locator(".board-card")).to_have_count(2)
    expect(column("Applied").locator(".board-card").first).to_contain_text("Staff Engineer")
    htmx_settled(page)

    # Drag Ada to Interview.
    ada = page.locator(".board-card", has_text="Ada Lovelace")
    ada.drag_to(column("Interview"))
    expect(column("Interview").locator(".board-card", has_text="Ada Lovelace")).to_be_visible()
    expect(page.locator("#candidates-announce")).to_have_text("Ada Lovelace moved to Interview.")
    ada_candidacy = Candidacy.objects.get(job=job, resume__candidate_name="Ada Lovelace")
    assert ada_candidacy.stage == stages["Interview"] and ada_candidacy.stage_changed_by == recruiter

    # Keyboard only: focus Bob's card, Alt+→ moves him one stage on; the card keeps the focus.
    htmx_settled(page)
    bob = page.locator(".board-card", has_text="Bob Builder")
    bob.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#candidates-announce")).to_have_text("Bob Builder moved to Screen.")
    expect(column("Screen").locator(".board-card", has_text="Bob Builder")).to_be_focused()
    # Then with the card's own labelled "Move to…" list.
    htmx_settled(page)
    select = column("Screen").locator(".board-card", has_text="Bob Builder").get_by_label("Move to…")
    select.focus()
    select.select_option(label="Offer")
    expect(column("Offer").locator(".board-card", has_text="Bob Builder")).to_be_visible()
    expect(page.locator("#candidates-announce")).to_have_text("Bob Builder moved to Offer.")
    bob_changes = StageChange.objects.filter(candidacy__resume__candidate_name="Bob Builder", by=recruiter)
    assert [c.to_stage.name for c in bob_changes.order_by("at")] == ["Screen", "Offer"]

    # The board and a filter survive a reload.
    htmx_settled(page)
    page.locator("#f-min").fill("80")
    expect(page.locator(".board-card")).to_have_count(1)
    page.wait_for_url(lambda url: "min_score=80" in url)
    page.reload()
    expect(page.locator(".board-card")).to_have_count(1)
    expect(page.locator("#f-min")).to_have_value("80")  # as typed


def test_bulk_reject_with_email_from_the_list(
    live_server: Any, page: Any, recruiter: Any, company: Any, smtp: Any
) -> None:
    from messaging.models import TemplateKind
    from messaging.tests.factories import EmailTemplateFactory

    job = JobFactory(company=company, title="Backend Engineer")
    EmailTemplateFactory(
        company=company,
        kind=TemplateKind.REJECTION,
        name="Not this time",
        subject="About {job_title}",
        body="Dear {candidate_first_name}, thank you.",
    )
    for name, score in (("Ada Lovelace", 91), ("Bob Builder", 64), ("Cy Young", 47)):
        first = name.split()[0].lower()
        match = MatchResultFactory(
            job=job, match_score=score, resume__candidate_name=name, resume__email=f"{first}@example.org"
        )
        candidacy_ensure(job=job, resume=match.resume)
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.get_by_label("Select Bob Builder")).to_be_visible()
    htmx_settled(page)
    page.get_by_label("Select Bob Builder").check()
    page.get_by_label("Select Cy Young").check()
    page.get_by_label("Reject because").fill("Position filled")
    page.get_by_label("and email them").check()
    page.get_by_label("Email template").select_option(label="Not this time (Rejection)")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator("#candidates-announce")).to_have_text("2 rejected; 2 emails queued")
    expect(page.locator('.candidate-row[data-status="rejected"]')).to_have_count(2)
    # Sent on the bulk action's commit (eager tasks in the tests), before the answer came back.
    assert sorted(m["To"] for m in smtp.messages) == ["bob@example.org", "cy@example.org"]
    assert set(
        Candidacy.objects.filter(job=job, stage__kind="rejected").values_list("rejection_reason", flat=True)
    ) == {"Position filled"}
