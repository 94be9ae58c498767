"""Notes: services, the candidate-page panel and the API, with the author rules."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import UserFactory
from jobs.tests.factories import JobFactory
from notes import services
from notes.models import CandidateNote
from notes.tests.factories import CandidateNoteFactory
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resume(company):
    return ResumeFactory(company=company, candidate_name="Ada Lovelace")


# --- services ----------------------------------------------------------------------


def test_hiring_managers_write_notes_about_a_job(resume, hiring_manager):
    job = JobFactory(company=resume.company)
    note = services.note_create(resume=resume, author=hiring_manager, body="  Great portfolio.  ", job=job)
    assert note.body == "Great portfolio." and note.job == job and note.company_id == resume.company_id


def test_a_note_cannot_be_empty_or_about_another_companys_job(resume, recruiter, other_company):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.note_create(resume=resume, author=recruiter, body="   ")
    with pytest.raises(ValidationError):
        services.note_create(resume=resume, author=recruiter, body="x", job=JobFactory(company=other_company))


def test_authors_change_their_own_notes_admins_any_others_none(resume, recruiter, hiring_manager, admin_user):
    note = CandidateNoteFactory(resume=resume, author=hiring_manager)
    assert services.note_update(note=note, user=hiring_manager, body="Edited").body == "Edited"
    with pytest.raises(PermissionDenied):
        services.note_update(note=note, user=recruiter, body="Hijacked")
    with pytest.raises(PermissionDenied):
        services.note_delete(note=note, user=recruiter)
    services.note_update(note=note, user=admin_user, body="Moderated")
    services.note_delete(note=note, user=admin_user)
    assert not CandidateNote.objects.exists()


# --- portal ------------------------------------------------------------------------


def test_the_panel_lists_notes_newest_first_and_adds_one_in_place(recruiter_client, resume):
    CandidateNoteFactory(resume=resume, body="Older note")
    html = recruiter_client.get(f"/notes/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Older note" in html and "<html" not in html
    response = recruiter_client.post(f"/notes/candidates/{resume.pk}/", {"body": "Newest note"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.index("Newest note") < html.index("Older note")
    assert 'id="notes-panel"' in html


def test_the_panel_shows_form_errors(recruiter_client, resume):
    html = recruiter_client.post(
        f"/notes/candidates/{resume.pk}/", {"body": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "errorlist" in html and not CandidateNote.objects.exists()


def test_without_htmx_adding_a_note_returns_to_the_candidate(recruiter_client, resume):
    response = recruiter_client.post(f"/notes/candidates/{resume.pk}/", {"body": "Plain form"})
    assert response.status_code == 302 and response.url == f"/candidates/{resume.pk}/"


def test_edit_buttons_only_on_ones_own_notes(recruiter_client, resume, recruiter, hiring_manager):
    mine = CandidateNoteFactory(resume=resume, author=recruiter)
    theirs = CandidateNoteFactory(resume=resume, author=hiring_manager)
    html = recruiter_client.get(f"/notes/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/notes/{mine.pk}/edit/" in html and f"/notes/{theirs.pk}/edit/" not in html


def test_editing_in_place(recruiter_client, resume, recruiter):
    note = CandidateNoteFactory(resume=resume, author=recruiter)
    form = recruiter_client.get(f"/notes/{note.pk}/edit/", HTTP_HX_REQUEST="true").content.decode()
    assert "<textarea" in form and note.body in form
    html = recruiter_client.post(
        f"/notes/{note.pk}/edit/", {"body": "Changed"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'id="note-{note.pk}"' in html and "Changed" in html
    assert recruiter_client.get(f"/notes/{note.pk}/", HTTP_HX_REQUEST="true").status_code == 200


def test_others_cannot_edit_or_delete_in_the_portal(recruiter_client, resume, hiring_manager):
    note = CandidateNoteFactory(resume=resume, author=hiring_manager)
    assert recruiter_client.get(f"/notes/{note.pk}/edit/").status_code == 403
    assert recruiter_client.post(f"/notes/{note.pk}/edit/", {"body": "x"}).status_code == 403
    assert recruiter_client.post(f"/notes/{note.pk}/delete/").status_code == 403
    assert CandidateNote.objects.get(pk=note.pk).body == note.body


def test_delete_in_place(recruiter_client, resume, recruiter):
    note = CandidateNoteFactory(resume=resume, author=recruiter)
    response = recruiter_client.post(f"/notes/{note.pk}/delete/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert not CandidateNote.objects.filter(pk=note.pk).exists()


# --- API ---------------------------------------------------------------------------


def test_api_lists_and_creates_notes(manager_api, resume):
    job = JobFactory(company=resume.company)
    CandidateNoteFactory(resume=resume, body="First")
    response = manager_api.post(f"/api/v1/resumes/{resume.pk}/notes", {"body": "Second", "job_id": str(job.pk)})
    assert response.status_code == 201, response.content
    assert response.json()["job_id"] == str(job.pk) and response.json()["can_edit"] is True
    listing = manager_api.get(f"/api/v1/resumes/{resume.pk}/notes").json()
    assert listing["count"] == 2 and [row["body"] for row in listing["results"]] == ["Second", "First"]
    assert manager_api.post(f"/api/v1/resumes/{resume.pk}/notes", {"body": ""}).status_code == 400


def test_api_authors_versus_others(recruiter_api, manager_api, admin_api, resume, hiring_manager):
    note = CandidateNoteFactory(resume=resume, author=hiring_manager)
    assert recruiter_api.patch(f"/api/v1/notes/{note.pk}", {"body": "x"}).status_code == 403
    assert recruiter_api.delete(f"/api/v1/notes/{note.pk}").status_code == 403
    response = manager_api.patch(f"/api/v1/notes/{note.pk}", {"body": "Mine to edit"})
    assert response.status_code == 200 and response.json()["body"] == "Mine to edit"
    assert admin_api.delete(f"/api/v1/notes/{note.pk}").status_code == 204
    assert not CandidateNote.objects.exists()


def test_api_refuses_another_companys_job(recruiter_api, resume, other_company):
    job = JobFactory(company=other_company)
    response = recruiter_api.post(f"/api/v1/resumes/{resume.pk}/notes", {"body": "x", "job_id": str(job.pk)})
    assert response.status_code == 404


def test_a_former_author_leaves_the_note_to_admins(resume, admin_user):
    author = UserFactory(company=resume.company)
    note = CandidateNoteFactory(resume=resume, author=author)
    author.delete()
    note.refresh_from_db()
    assert note.author is None and services.note_can_change(note=note, user=admin_user)
