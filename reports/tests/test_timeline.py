from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from interviews.tests.factories import InterviewFactory, InterviewFeedbackFactory
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from notes.tests.factories import CandidateNoteFactory
from pipeline import services as pipeline_services
from reports.timeline import candidate_timeline
from resumes.tests.factories import ResumeFactory
from sharing import services as sharing_services

pytestmark = pytest.mark.django_db


def test_the_timeline_tells_the_candidates_story_newest_first(
    company: Any, recruiter: Any, hiring_manager: Any, client: Any
) -> None:
    resume = ResumeFactory(company=company, uploaded_by=recruiter, processed_at=timezone.now())
    job = JobFactory(company=company, title="Data Engineer")
    match = MatchResultFactory(job=job, resume=resume)
    pipeline_services.candidate_set_status(match=match, status="shortlisted", user=recruiter)
    CandidateNoteFactory(resume=resume, author=hiring_manager, body="Loved the portfolio")
    interview = InterviewFactory(
        job=job, resume=resume, status="completed", scheduled_at=timezone.now() - timedelta(hours=1)
    )
    InterviewFeedbackFactory(interview=interview, interviewer=hiring_manager, rating=5, recommendation="strong_yes")
    issued = sharing_services.shared_link_create(resume=resume, user=recruiter, job=job)
    client.get(f"/s/{issued.token}/")
    sharing_services.shared_link_revoke(link=issued.link, user=recruiter)

    events = candidate_timeline(company=company, resume=resume)
    kinds = [event.kind for event in events]
    assert {"uploaded", "processed", "matched", "status", "note", "interview", "feedback", "link", "link_view"} <= set(
        kinds
    )
    assert [event.at for event in events] == sorted((event.at for event in events), reverse=True)
    # "shortlisted" is the pipeline's first in-process stage (pipeline/status.py).
    status = next(event for event in events if event.kind == "status" and event.actor)
    assert status.title == "Interview for Data Engineer" and status.actor == "Bob Recruiter"
    assert status.detail == "was Applied"
    assert events[0].title == "Shared link for Data Engineer revoked"
    note = next(event for event in events if event.kind == "note")
    assert note.actor == "Hana Manager" and "portfolio" in note.detail


def test_the_timeline_panel_and_page(recruiter_client: Any, company: Any, recruiter: Any) -> None:
    resume = ResumeFactory(company=company, uploaded_by=recruiter, original_filename="ada.pdf")
    CandidateNoteFactory(resume=resume, body="Call back Tuesday")
    html = recruiter_client.get(f"/candidates/{resume.pk}/timeline/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Call back Tuesday" in html and "Resume uploaded" in html
    assert html.index("Call back Tuesday") < html.index("Resume uploaded")
    page = recruiter_client.get(f"/candidates/{resume.pk}/timeline/").content.decode()
    assert "<html" in page and "ada.pdf" in page


def test_the_candidate_page_loads_the_collaboration_panels(recruiter_client: Any, company: Any) -> None:
    resume = ResumeFactory(company=company)
    html = recruiter_client.get(f"/candidates/{resume.pk}/").content.decode()
    for url in (
        f"/interviews/candidates/{resume.pk}/",
        f"/interviews/candidates/{resume.pk}/scorecards/",
        f"/notes/candidates/{resume.pk}/",
        f"/sharing/candidates/{resume.pk}/",
        f"/candidates/{resume.pk}/timeline/",
    ):
        assert f'hx-get="{url}"' in html


def test_emails_to_the_candidate_are_on_the_timeline(company: Any, recruiter: Any) -> None:
    from messaging.tests.factories import CandidateMessageFactory

    resume = ResumeFactory(company=company, uploaded_by=recruiter)
    job = JobFactory(company=company, title="Data Engineer")
    CandidateMessageFactory(
        resume=resume, job=job, subject="Next steps", sent_by=recruiter, status="sent", sent_at=timezone.now()
    )
    CandidateMessageFactory(resume=resume, subject="Hello", to="", status="failed", error="No address")
    events = [event for event in candidate_timeline(company=company, resume=resume) if event.kind == "email"]
    by_title = {event.title: event for event in events}
    assert set(by_title) == {"Email sent", "Email not sent"}
    assert "Next steps" in by_title["Email sent"].detail and "Data Engineer" in by_title["Email sent"].detail
    assert by_title["Email sent"].actor == "Bob Recruiter"
    assert "No address" in by_title["Email not sent"].detail


def test_a_merged_record_keeps_its_place_in_the_story(company: Any, recruiter: Any) -> None:
    from merging.services import candidates_merge

    earlier = ResumeFactory(company=company, uploaded_by=recruiter, original_filename="old-cv.pdf")
    kept = ResumeFactory(company=company, uploaded_by=recruiter, original_filename="new-cv.pdf")
    CandidateNoteFactory(resume=earlier, author=recruiter, body="Met at the meetup")
    candidates_merge(kept=kept, merged=earlier, user=recruiter)

    events = candidate_timeline(company=company, resume=kept)
    uploads = [event.detail for event in events if event.kind == "uploaded"]
    assert uploads[0] == "new-cv.pdf" and "old-cv.pdf (merged in)" in uploads
    merged = next(event for event in events if event.kind == "merged")
    assert merged.title == "Merged with a duplicate record" and merged.detail == "old-cv.pdf"
    assert any(event.kind == "note" and "meetup" in event.detail for event in events)
