"""Shortlist a candidate from the ranked list in real Chromium."""

import pytest
from playwright.sync_api import expect

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from matching.tests.factories import MatchResultFactory
from pipeline.models import StageChange
from resumes.tests.test_browser_upload import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shortlist_a_candidate_from_the_ranked_list(live_server, page, recruiter, company):
    job = JobFactory(company=company, title="Backend Engineer")
    MatchResultFactory(
        job=job, match_score=88, resume__candidate_name="Ada Lovelace", explanation="Ada is a strong match."
    )
    MatchResultFactory(job=job, match_score=41, resume__candidate_name="Bob Builder")
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")

    rows = page.locator("#candidates .candidate-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Ada Lovelace")  # ranked by score

    ada = rows.filter(has_text="Ada Lovelace")
    ada.get_by_role("button", name="Why this score?").click()
    expect(ada).to_contain_text("Ada is a strong match.")

    ada.locator("select[name=status]").select_option("shortlisted")
    expect(page.locator('.candidate-row[data-status="shortlisted"]')).to_contain_text("Ada Lovelace")
    match = MatchResult.objects.get(job=job, resume__candidate_name="Ada Lovelace")
    candidacy = job.candidacies.get(resume=match.resume)
    assert match.status == "shortlisted" and candidacy.stage_changed_by == recruiter
    assert StageChange.objects.filter(candidacy=candidacy, by=recruiter, to_stage__name="Interview").exists()

    # The list filters to shortlisted candidates without a page load.
    page.locator("#f-status").select_option("shortlisted")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ada Lovelace")
