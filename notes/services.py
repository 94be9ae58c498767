"""Every write of notes.

Who may do what: everyone in the company, hiring managers included, writes notes
on its candidates; authors edit and delete their own notes, company
administrators any note; nobody touches another company's notes (404 upstream).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from companies.roles import can, require
from notes.models import CandidateNote

MAX_BODY_LENGTH = 10_000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ["Write something first."]})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError({"body": [f"Keep a note under {MAX_BODY_LENGTH:,} characters."]})
    return body


def note_can_change(*, note: CandidateNote, user) -> bool:
    if not can(user, "write_notes") or getattr(user, "company_id", None) != note.company_id:
        return False
    return can(user, "moderate_notes") or (note.author_id is not None and note.author_id == user.pk)


def _require_can_change(note: CandidateNote, user) -> None:
    if not note_can_change(note=note, user=user):
        raise PermissionDenied("Only the author or a company administrator can change this note.")


@transaction.atomic
def note_create(*, resume, author, body: str, job=None) -> CandidateNote:
    if job is not None and job.company_id != resume.company_id:
        raise ValidationError({"job_id": ["Choose one of your company's jobs."]})
    require(author, "write_notes")
    if getattr(author, "company_id", None) != resume.company_id:
        raise PermissionDenied("Notes are written by members of the candidate's company.")
    return CandidateNote.objects.create(
        company_id=resume.company_id, resume=resume, job=job, author=author, body=_clean_body(body)
    )


@transaction.atomic
def note_update(*, note: CandidateNote, user, body: str) -> CandidateNote:
    _require_can_change(note, user)
    note = CandidateNote.objects.select_for_update().get(pk=note.pk)
    note.body = _clean_body(body)
    note.save(update_fields=["body", "updated_at"])
    return note


@transaction.atomic
def note_delete(*, note: CandidateNote, user) -> None:
    _require_can_change(note, user)
    note.delete()
