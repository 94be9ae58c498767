"""Issue 10's walk in real Chromium: a recruiter uploads resumes to a job, moves one by
dragging and another with the keyboard on the board, rejects the rest in bulk with a
reason and an email (read back from the loopback SMTP server), schedules an interview;
the interviewer submits a scorecard; the recruiter hires the candidate and the analytics
page shows the job's hire and its time to hire."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.tests.browser_fixtures import htmx_settled
from interviews.models import Interview, InterviewFeedback
from jobs.tests.factories import JobFactory
from messaging.models import TemplateKind
from messaging.tests.factories import EmailTemplateFactory
from messaging.tests.test_services import _body
from pipeline.models import Candidacy, StageChange, StageKind
from resumes.models import Resume
from resumes.tests.documents import make_pdf
from resumes.tests.test_browser_upload import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {
    "Ada Lovelace": "Staff Engineer",
    "Grace Hopper": "Compiler Engineer",
    "Alan Turing": "Research Engineer",
    "Edsger Dijkstra": "Systems Engineer",
}


def resume_pdf(name: str, title: str) -> dict[str, Any]:
    first = name.split()[0].lower()
    text = (
        f"{name}\n{first}@example.org | (617) 555-0100 | Boston, MA\n\nSummary\n{title} building platforms.\n\n"
        f"Experience\n{title}, Acme Corp, Jan 2019 - Present\n- Ran Python services on Kubernetes.\n\n"
        "Skills\nPython, Kubernetes, PostgreSQL\n"
    )
    return {"name": f"{first}.pdf", "mimeType": "application/pdf", "buffer": make_pdf(text)}


def test_a_job_from_upload_to_hired_and_the_analytics_show_it(
    live_server: Any, page: Any, recruiter: Any, hiring_manager: Any, company: Any, smtp: Any
) -> None:
    # Uploads are stored, extracted, parsed and scored in the request here (eager tasks):
    # on a loaded machine that takes longer than the default 10 s.
    page.set_default_timeout(60_000)
    job = JobFactory(company=company, title="Platform Engineer", skills_required=["Python", "Kubernetes"])
    EmailTemplateFactory(
        company=company,
        kind=TemplateKind.REJECTION,
        name="Not this time",
        subject="About {job_title}",
        body="Dear {candidate_first_name}, thank you for applying.",
    )
    sign_in(page, live_server, recruiter)

    # 1. Upload four resumes to the job through the portal's upload form.
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    page.set_input_files("#upload-files", files=[resume_pdf(name, title) for name, title in PEOPLE.items()])
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#upload-results .batch-progress")).to_contain_text("4 of 4 processed. Done.")
    assert Resume.objects.filter(company=company, job=job, status="processed").count() == 4
    assert Candidacy.objects.filter(job=job, stage__kind=StageKind.APPLIED).count() == 4

    # 2. The board: drag Ada to Screen; move Grace there with the keyboard alone.
    page.reload()
    page.get_by_role("link", name="Board", exact=True).click()
    page.wait_for_url(lambda url: "view=board" in url)

    def column(name: str) -> Any:
        return page.get_by_role("region", name=re.compile(rf"^{name} \d+$"))

    def card(name: str) -> Any:
        return page.locator(".board-card", has_text=name)

    expect(column("Applied").locator(".board-card")).to_have_count(4)
    htmx_settled(page)
    card("Ada Lovelace").drag_to(column("Screen"))
    expect(page.locator("#candidates-announce")).to_have_text("Ada Lovelace moved to Screen.")
    # The board is back and settled (htmx wires the new cards' forms) once the moved card has the focus.
    expect(column("Screen").locator(".board-card", has_text="Ada Lovelace")).to_be_focused()
    card("Grace Hopper").focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#candidates-announce")).to_have_text("Grace Hopper moved to Screen.")
    expect(column("Screen").locator(".board-card", has_text="Grace Hopper")).to_be_focused()
    expect(column("Applied").locator(".board-card")).to_have_count(2)

    # 3. The ranked list: tick the two left in Applied and reject them with a reason and the email.
    page.get_by_role("link", name="Ranked list", exact=True).click()
    page.wait_for_url(lambda url: "view=board" not in url)
    expect(page.get_by_label("Select Alan Turing")).to_be_visible()
    htmx_settled(page)
    page.get_by_label("Select Alan Turing").check()
    page.get_by_label("Select Edsger Dijkstra").check()
    page.get_by_label("Reject because").fill("Position filled")
    page.get_by_label("and email them").check()
    page.get_by_label("Email template").select_option(label="Not this time (Rejection)")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator("#candidates-announce")).to_have_text("2 rejected; 2 emails queued")
    expect(page.locator('.candidate-row[data-status="rejected"]')).to_have_count(2)
    # Sent on the bulk action's commit (eager tasks), before the answer came back.
    emails = {m["To"]: m for m in smtp.messages}
    assert sorted(emails) == ["alan@example.org", "edsger@example.org"]
    for address, first in (("alan@example.org", "Alan"), ("edsger@example.org", "Edsger")):
        assert emails[address]["Subject"] == "About Platform Engineer"
        assert f"Dear {first}, thank you for applying." in _body(emails[address])
    rejected = Candidacy.objects.filter(job=job, stage__kind=StageKind.REJECTED)
    assert sorted(rejected.values_list("resume__candidate_name", "rejection_reason")) == [
        ("Alan Turing", "Position filled"),
        ("Edsger Dijkstra", "Position filled"),
    ]

    # 4. Ada's page: schedule an interview with Hana tomorrow (no invitation email).
    page.get_by_role("link", name="Ada Lovelace", exact=True).click()
    panel = page.locator("#interviews-panel")
    panel.locator("summary", has_text="Schedule an interview").click()
    panel.get_by_label("Job").select_option(label="Platform Engineer")
    panel.get_by_label("Type").select_option("video")
    start = timezone.now().astimezone(timezone.get_fixed_timezone(0)) + timedelta(days=1)
    panel.get_by_label("Starts (local time)").fill(start.strftime("%Y-%m-%dT%H:%M"))
    panel.get_by_label("Time zone").select_option("UTC")
    panel.get_by_label("Duration (minutes)").fill("45")
    panel.get_by_label("Meeting link").fill("https://meet.example.org/ada")
    panel.get_by_label("Hana Manager").check()
    panel.get_by_label("Email the candidate an invitation with the calendar file").uncheck()
    panel.get_by_role("button", name="Schedule interview").click()
    expect(page.locator("#interview-scheduled")).to_be_visible()
    interview = Interview.objects.get(job=job, resume__candidate_name="Ada Lovelace")
    page.locator("#interview-scheduled").get_by_role("link").click()
    page.wait_for_url(f"**/interviews/{interview.pk}/")
    # Not started yet: "Mark completed" is not offered.
    expect(page.get_by_role("button", name="Cancel interview")).to_be_visible()
    expect(page.get_by_role("button", name="Mark completed")).to_have_count(0)

    # The portal (rightly) refuses to complete an interview that has not started, so time
    # passes through the ORM: the interview started an hour ago.
    Interview.objects.filter(pk=interview.pk).update(scheduled_at=timezone.now() - timedelta(hours=1))
    page.reload()
    page.get_by_role("button", name="Mark completed").click()
    expect(page.locator("#interview-status")).to_have_text("Completed")

    # 5. Hana, the interviewer, submits her scorecard.
    page.context.clear_cookies()
    sign_in(page, live_server, hiring_manager)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    form = page.locator("#interview-feedback form")
    form.get_by_label("Python").select_option("4")
    form.get_by_label("Kubernetes").select_option("3")
    form.get_by_label("Overall recommendation").select_option("yes")
    form.get_by_label("Notes").fill("Strong on both")
    form.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("your scorecard is submitted")).to_be_visible()
    feedback = InterviewFeedback.objects.get(interview=interview)
    assert feedback.interviewer == hiring_manager and feedback.ratings.count() == 2

    # 6. The recruiter moves Ada through Interview and Offer to Hired on the board.
    page.context.clear_cookies()
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/?view=board")
    expect(card("Ada Lovelace")).to_be_visible()
    htmx_settled(page)
    for stage in ("Interview", "Offer", "Hired"):
        column_now = page.locator(".board-column", has=page.locator(".board-card", has_text="Ada Lovelace"))
        column_now.locator(".board-card", has_text="Ada Lovelace").get_by_label("Move to…").select_option(label=stage)
        expect(page.locator("#candidates-announce")).to_have_text(f"Ada Lovelace moved to {stage}.")
        expect(column(stage).locator(".board-card", has_text="Ada Lovelace")).to_be_focused()
    ada = Candidacy.objects.get(job=job, resume__candidate_name="Ada Lovelace")
    assert ada.stage.kind == StageKind.HIRED
    assert [c.to_stage.name for c in StageChange.objects.filter(candidacy=ada).order_by("at")] == [
        "Applied",
        "Screen",
        "Interview",
        "Offer",
        "Hired",
    ]

    # 7. The analytics page of the job: one hired, and a time to hire.
    page.goto(f"{live_server.url}/?job={job.pk}")
    pipeline = page.locator("#job-pipeline")

    def cells(stage: str) -> Any:
        return pipeline.locator(f'tr[data-stage="{stage}"] td')

    # Stage, now, reached, conversion: four applied, two screened, one on to Hired.
    expect(cells("Applied")).to_have_text(["Applied", "0", "4", "–", re.compile(".*")])
    expect(cells("Screen")).to_have_text(["Screen", "1", "2", "50%", re.compile(".*")])
    expect(cells("Hired")).to_have_text(["Hired", "1", "1", "100%", "–"])
    expect(cells("Rejected").nth(1)).to_have_text("2")
    expect(pipeline.locator(".time-to-hire")).to_have_text(re.compile(r"^\d+\.\d days$"))
    expect(pipeline).to_contain_text("over 1 hired")
