"""Every empty list says what to do next, with a link or a button to do it."""

import re

import pytest

from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def empty_state(html: str) -> str:
    found = re.search(r'class="muted empty-state">(.*?)</(?:td|p)>', html, re.S)
    assert found, "no empty state on the page"
    return found[1]


def test_no_jobs_offers_to_create_one(recruiter_client):
    state = empty_state(recruiter_client.get("/jobs/").content.decode())
    assert "No jobs yet." in state and 'href="/jobs/new/"' in state
    filtered = empty_state(recruiter_client.get("/jobs/", {"q": "astronaut"}).content.decode())
    assert "No jobs match these filters." in filtered and 'href="/jobs/"' in filtered


def test_no_candidates_points_to_the_upload(recruiter_client):
    state = empty_state(recruiter_client.get("/candidates/").content.decode())
    assert "No candidates yet." in state and 'href="#upload-files"' in state
    filtered = empty_state(recruiter_client.get("/candidates/", {"skill": "Fortran"}).content.decode())
    assert "No candidates match these filters." in filtered and 'href="/candidates/"' in filtered


def test_no_interviews_says_where_they_are_scheduled(recruiter_client, company):
    state = empty_state(recruiter_client.get("/interviews/").content.decode())
    assert "scheduled from a candidate’s page" in state and 'href="/candidates/"' in state
    resume = ResumeFactory(company=company)
    panel = recruiter_client.get(f"/interviews/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="#schedule-interview"' in empty_state(panel) and 'id="schedule-interview"' in panel


def test_no_notes_points_to_the_note_form(recruiter_client, company):
    resume = ResumeFactory(company=company)
    panel = recruiter_client.get(f"/notes/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    state = empty_state(panel)
    assert "No notes yet." in state and 'href="#id_body"' in state and 'id="id_body"' in panel


def test_no_shared_links_points_to_the_share_form(recruiter_client, company):
    resume = ResumeFactory(company=company)
    panel = recruiter_client.get(f"/sharing/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'href="#share-candidate"' in empty_state(panel) and 'id="share-candidate"' in panel


def test_a_hiring_manager_is_told_who_acts(client, hiring_manager):
    client.force_login(hiring_manager)
    assert "a recruiter of your company creates them" in empty_state(client.get("/jobs/").content.decode())
