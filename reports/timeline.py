"""One candidate's history across apps, newest first: uploaded, processed or
failed, matched to jobs, stage changes (with the reason), notes, interviews and their
feedback, emails sent to the candidate, shared links created, revoked and viewed.

It lives in reports, at the top layer, because it reads every app; each app keeps its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from interviews.models import Interview, InterviewFeedback, InterviewStatus
from interviews.selectors import feedback_visible_to
from matching.models import MatchResult, MatchSource
from messaging.models import CandidateMessage, MessageStatus
from notes.models import CandidateNote
from pipeline.models import StageChange
from resumes.models import Resume
from sharing.models import SharedLink, SharedLinkView, ViewKind


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # uploaded, processed, failed, merged, matched, status, note, interview, feedback, email, link, link_view
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""


def _name(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def _resume_events(resume: Resume) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            resume.created_at, "uploaded", "Resume uploaded", resume.original_filename, _name(resume.uploaded_by)
        )
    ]
    if resume.processed_at:
        skills = len(resume.skill_names or [])
        events.append(
            TimelineEvent(
                resume.processed_at,
                "processed",
                "Resume processed",
                f"{skills} skill{'s' if skills != 1 else ''} found",
            )
        )
    if resume.failed_at:
        events.append(TimelineEvent(resume.failed_at, "failed", "Processing failed", resume.error[:300]))
    return events


def _merged_record_events(resume: Resume) -> list[TimelineEvent]:
    # Records merged into this candidate (merging): their upload and the merge itself;
    # their notes, interviews, emails, links and stage changes moved here already.
    events = []
    for record in Resume.objects.filter(merged_into=resume).select_related("uploaded_by"):
        events.append(
            TimelineEvent(
                record.created_at,
                "uploaded",
                "Resume uploaded",
                f"{record.original_filename} (merged in)",
                _name(record.uploaded_by),
            )
        )
        if record.merged_at:
            events.append(
                TimelineEvent(record.merged_at, "merged", "Merged with a duplicate record", record.original_filename)
            )
    return events


def _match_events(company: Any, resume: Resume) -> list[TimelineEvent]:
    events = []
    matches = (
        MatchResult.objects.for_company(company)
        .filter(resume=resume)
        .select_related("job")
        .only("created_at", "source", "match_score", "job__id", "job__title")
    )
    for match in matches:
        verb = "Suggested for" if match.source == MatchSource.SUGGESTED else "Matched to"
        events.append(
            TimelineEvent(
                match.created_at,
                "matched",
                f"{verb} {match.job.title}",
                f"Score {match.match_score:.0f}/100",
                url=reverse("jobs:detail", args=[match.job_id]),
            )
        )
    changes = (
        StageChange.objects.for_company(company)
        .filter(candidacy__resume=resume)
        .select_related("by", "candidacy__job", "from_stage", "to_stage")
        .only(
            "at",
            "reason",
            "by__full_name",
            "by__email",
            "candidacy__job__title",
            "from_stage__name",
            "to_stage__name",
        )
    )
    for change in changes:
        job = change.candidacy.job
        if change.from_stage is None:
            title, detail = f"Entered {change.to_stage.name} for {job.title}", "new candidate"
        else:
            title, detail = f"{change.to_stage.name} for {job.title}", f"was {change.from_stage.name}"
        if change.reason:
            detail += f" · {change.reason}"
        events.append(
            TimelineEvent(
                change.at, "status", title, detail, _name(change.by), url=reverse("jobs:detail", args=[job.pk])
            )
        )
    return events


def _note_events(company: Any, resume: Resume) -> list[TimelineEvent]:
    notes = CandidateNote.objects.for_company(company).filter(resume=resume).select_related("author", "job")
    return [
        TimelineEvent(
            note.created_at,
            "note",
            "Note" + (f" about {note.job.title}" if note.job_id else ""),
            note.body[:200] + ("…" if len(note.body) > 200 else ""),
            _name(note.author),
        )
        for note in notes
    ]


def _interview_events(company: Any, resume: Resume, viewer: Any) -> list[TimelineEvent]:
    events = []
    interviews = (
        Interview.objects.for_company(company)
        .filter(resume=resume)
        .select_related("job", "created_by")
        .defer("job__description", "job__requirements", "job__embedding")
    )
    for interview in interviews:
        start = interview.local_start
        url = reverse("interviews:detail", args=[interview.pk])
        when = f"{start:%a %b %d, %Y %H:%M} {start.tzname()}"
        events.append(
            TimelineEvent(
                interview.created_at,
                "interview",
                f"{interview.get_interview_type_display()} interview scheduled for {interview.job.title}",
                when,
                _name(interview.created_by),
                url,
            )
        )
        if interview.status in (InterviewStatus.COMPLETED, InterviewStatus.CANCELLED, InterviewStatus.RESCHEDULED):
            # No status log for interviews: the last change is when it reached its final status.
            events.append(
                TimelineEvent(
                    interview.updated_at,
                    "interview",
                    f"Interview {interview.get_status_display().lower()}",
                    when,
                    url=url,
                )
            )
    feedback = InterviewFeedback.objects.for_company(company).filter(resume=resume).select_related("interviewer", "job")
    # Scorecards are read blind (companies.roles): the viewer sees that one was
    # submitted, and its verdict only once they may read it.
    readable = (
        set(feedback_visible_to(feedback, user=viewer).values_list("pk", flat=True)) if viewer is not None else None
    )
    for item in feedback:
        url = reverse("interviews:detail", args=[item.interview_id])
        if readable is not None and item.pk not in readable:
            events.append(
                TimelineEvent(
                    item.created_at,
                    "feedback",
                    f"Scorecard submitted for {item.job.title}",
                    "",
                    _name(item.interviewer),
                    url,
                )
            )
            continue
        detail = " · ".join(part for part in ((f"{item.rating}/5" if item.rating else ""), item.comments[:200]) if part)
        events.append(
            TimelineEvent(
                item.created_at,
                "feedback",
                f"Scorecard for {item.job.title}: {item.get_recommendation_display().lower()}",
                detail,
                _name(item.interviewer),
                url,
            )
        )
    return events


def _message_events(company: Any, resume: Resume) -> list[TimelineEvent]:
    messages = (
        CandidateMessage.objects.for_company(company)
        .filter(resume=resume)
        .select_related("sent_by", "job")
        .only(
            "created_at",
            "sent_at",
            "status",
            "subject",
            "to",
            "error",
            "sent_by__full_name",
            "sent_by__email",
            "job__title",
        )
    )
    titles = {
        MessageStatus.SENT: "Email sent",
        MessageStatus.QUEUED: "Email queued",
        MessageStatus.FAILED: "Email not sent",
    }
    url = reverse("messaging:resume_messages", args=[resume.pk])
    events = []
    for message in messages:
        detail = f"“{message.subject}”" + (f" to {message.to}" if message.to else "")
        if message.job_id:
            detail += f" · {message.job.title}"
        if message.status == MessageStatus.FAILED:
            detail += f" · {message.error[:200]}"
        events.append(
            TimelineEvent(
                message.sent_at or message.created_at,
                "email",
                titles[MessageStatus(message.status)],
                detail,
                _name(message.sent_by),
                url,
            )
        )
    return events


def _link_events(company: Any, resume: Resume, limit: int) -> list[TimelineEvent]:
    events = []
    links = SharedLink.objects.for_company(company).filter(resume=resume).select_related("created_by", "job")
    for link in links:
        context = f" for {link.job.title}" if link.job_id else ""
        events.append(
            TimelineEvent(
                link.created_at,
                "link",
                f"Shared link created{context}",
                f"expires {link.expires_at:%b %d, %Y}" + (", shows contact details" if link.show_contact else ""),
                _name(link.created_by),
            )
        )
        if link.revoked_at:
            events.append(TimelineEvent(link.revoked_at, "link", f"Shared link{context} revoked"))
    # A link opened by many people (or a link-preview bot) must not flood the page.
    views = (
        SharedLinkView.objects.for_company(company)
        .filter(link__resume=resume)
        .select_related("link__job")
        .order_by("-created_at")[:limit]
    )
    for view in views:
        context = f" for {view.link.job.title}" if view.link.job_id else ""
        what = "Shared file downloaded" if view.kind == ViewKind.DOWNLOAD else "Shared link viewed"
        events.append(TimelineEvent(view.created_at, "link_view", what + context, view.get_kind_display()))
    return events


def candidate_timeline(*, company: Any, resume: Resume, viewer: Any = None, limit: int = 200) -> list[TimelineEvent]:
    """Everything that happened to one candidate, newest first (at most `limit` events).

    With a `viewer`, scorecards they may not read yet show without their verdict."""
    events = [
        *_resume_events(resume),
        *_merged_record_events(resume),
        *_match_events(company, resume),
        *_note_events(company, resume),
        *_interview_events(company, resume, viewer),
        *_message_events(company, resume),
        *_link_events(company, resume, limit),
    ]
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]
