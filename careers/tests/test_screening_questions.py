"""Screening questions as the recruiter sets them: portal (htmx and plain), API, services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from careers import services
from careers.models import Application, CareersSite, ScreeningQuestion
from careers.tests.factories import CareersSiteFactory
from companies.models import Company
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(company: Company) -> CareersSite:
    site: CareersSite = CareersSiteFactory(company=company, slug="acme")
    return site


@pytest.fixture
def job(site: CareersSite) -> JobDescription:
    job: JobDescription = JobFactory(company=site.company, title="Data engineer")
    return job


def _ask(job: JobDescription, user: User, *texts: str) -> list[ScreeningQuestion]:
    return [services.screening_question_create(job=job, user=user, text=text) for text in texts]


def _order(job: JobDescription) -> list[str]:
    from careers.selectors import screening_questions

    return [q.text for q in screening_questions(job=job)]


def _answer(job: JobDescription, question: ScreeningQuestion, answer: str = "yes") -> Application:
    resume = ResumeFactory(company=job.company)
    application: Application = Application.objects.create(
        company=job.company,
        job=job,
        resume=resume,
        full_name="Maria",
        email="maria@example.org",
        answers=[{"question_id": str(question.pk), "question": question.text, "answer": answer}],
        consented_at=resume.created_at,
    )
    return application


# --- Services ------------------------------------------------------------------------------


def test_questions_are_asked_in_the_order_set_and_moved(job: JobDescription, recruiter: User) -> None:
    first, second, third = _ask(job, recruiter, "Work permit?", "Relocate?", "Notice period?")
    assert _order(job) == ["Work permit?", "Relocate?", "Notice period?"]
    services.screening_question_move(question=third, user=recruiter, position=0)
    assert _order(job) == ["Notice period?", "Work permit?", "Relocate?"]
    services.screening_question_move(question=third, user=recruiter, position=99)
    assert _order(job) == ["Work permit?", "Relocate?", "Notice period?"]


def test_a_knock_out_answer_is_for_yes_no_questions_only(job: JobDescription, recruiter: User) -> None:
    with pytest.raises(ValidationError, match="yes/no"):
        services.screening_question_create(
            job=job, user=recruiter, text="Why us?", kind="short_text", knockout_answer="no"
        )
    question = services.screening_question_create(job=job, user=recruiter, text="Permit?", knockout_answer="no")
    # Turning it into a short-text question drops the knock-out rule it can no longer have.
    question = services.screening_question_update(question=question, user=recruiter, kind="short_text")
    assert (question.kind, question.knockout_answer) == ("short_text", "")


def test_a_hiring_manager_cannot_change_questions(job: JobDescription, recruiter: User, hiring_manager: User) -> None:
    (question,) = _ask(job, recruiter, "Permit?")
    with pytest.raises(PermissionDenied):
        services.screening_question_create(job=job, user=hiring_manager, text="Mine?")
    with pytest.raises(PermissionDenied):
        services.screening_question_update(question=question, user=hiring_manager, text="Changed")
    with pytest.raises(PermissionDenied):
        services.screening_question_remove(question=question, user=hiring_manager)


def test_an_answered_question_is_archived_and_its_answers_keep_it(
    job: JobDescription, recruiter: User, client: Client
) -> None:
    answered, unanswered, last = _ask(job, recruiter, "Work permit?", "Relocate?", "Notice period?")
    application = _answer(job, answered)
    assert services.screening_question_remove(question=unanswered, user=recruiter) is False
    assert not ScreeningQuestion.objects.filter(pk=unanswered.pk).exists()
    assert services.screening_question_remove(question=answered, user=recruiter) is True
    answered.refresh_from_db()
    assert answered.archived_at is not None
    application.refresh_from_db()
    assert application.answers[0]["question_id"] == str(answered.pk)
    # The form no longer asks it; the one left is first.
    assert _order(job) == ["Notice period?"]
    last.refresh_from_db()
    assert last.position == 0
    form = client.get(f"/careers/acme/jobs/{job.pk}/apply/").content.decode()
    assert "Notice period?" in form and "Work permit?" not in form


# --- The portal ----------------------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def _new(text: str, **extra: str) -> dict[str, str]:
    return {"new-text": text, "new-kind": "yes_no", "new-required": "on", "new-knockout_answer": "", **extra}


def test_the_job_page_loads_the_questions_panel(recruiter_client: Client, job: JobDescription) -> None:
    page = recruiter_client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/screening-questions/"' in page
    panel = recruiter_client.get(f"/jobs/{job.pk}/screening-questions/", headers=HTMX)
    assert panel.status_code == 200
    text = panel.content.decode()
    assert text.lstrip().startswith('<div id="screening-questions-panel">') and "<html" not in text
    assert "Add a question" in text


def test_a_recruiter_adds_edits_moves_and_deletes_questions_with_htmx(
    recruiter_client: Client, job: JobDescription
) -> None:
    url = f"/jobs/{job.pk}/screening-questions/"
    response = recruiter_client.post(url, _new("Do you need a visa?", **{"new-knockout_answer": "yes"}), headers=HTMX)
    assert response.status_code == 200 and "Do you need a visa?" in response.content.decode()
    recruiter_client.post(url, _new("Can you start in May?"), headers=HTMX)
    visa, start = ScreeningQuestion.objects.filter(job=job).order_by("position")
    assert (visa.knockout_answer, visa.required) == ("yes", True)

    prefix = f"q-{start.pk.hex}"
    edit_form = recruiter_client.get(f"{url}{start.pk}/", headers=HTMX).content.decode()
    assert f'name="{prefix}-text"' in edit_form and 'value="Can you start in May?"' in edit_form
    edited = {
        f"{prefix}-text": "Can you start in June?",
        f"{prefix}-kind": "short_text",
        f"{prefix}-knockout_answer": "",
    }
    recruiter_client.post(f"{url}{start.pk}/", edited, headers=HTMX)
    start.refresh_from_db()
    assert (start.text, start.kind, start.required) == ("Can you start in June?", "short_text", False)

    response = recruiter_client.post(f"{url}{start.pk}/move/", {"direction": "up"}, headers=HTMX)
    text = response.content.decode()
    assert text.index("Can you start in June?") < text.index("Do you need a visa?")
    assert _order(job) == ["Can you start in June?", "Do you need a visa?"]

    response = recruiter_client.post(f"{url}{visa.pk}/delete/", headers=HTMX)
    assert "Do you need a visa?" not in response.content.decode()
    assert _order(job) == ["Can you start in June?"]


def test_without_javascript_writes_redirect_back_to_the_questions_page(
    recruiter_client: Client, job: JobDescription
) -> None:
    url = f"/jobs/{job.pk}/screening-questions/"
    response = recruiter_client.post(url, _new("Do you need a visa?"))
    assert response.status_code == 302 and response["Location"] == url
    page = recruiter_client.get(url).content.decode()
    assert "<html" in page and "Question added." in page and "Do you need a visa?" in page


def test_a_bad_question_shows_its_error_in_the_panel(recruiter_client: Client, job: JobDescription) -> None:
    url = f"/jobs/{job.pk}/screening-questions/"
    response = recruiter_client.post(
        url, _new("Why us?", **{"new-kind": "short_text", "new-knockout_answer": "no"}), headers=HTMX
    )
    assert response.status_code == 400
    assert "Only a yes/no question can have a knock-out answer." in response.content.decode()
    assert not ScreeningQuestion.objects.filter(job=job).exists()


def test_a_hiring_manager_reads_the_questions_but_changes_nothing(
    client: Client, hiring_manager: User, job: JobDescription, recruiter: User
) -> None:
    (question,) = _ask(job, recruiter, "Work permit?")
    client.force_login(hiring_manager)
    url = f"/jobs/{job.pk}/screening-questions/"
    text = client.get(url, headers=HTMX).content.decode()
    assert "Work permit?" in text and "Add a question" not in text and "Delete" not in text
    assert client.post(url, _new("Mine?")).status_code == 403
    assert client.post(f"{url}{question.pk}/", {f"q-{question.pk.hex}-text": "x"}).status_code == 403
    assert client.post(f"{url}{question.pk}/delete/").status_code == 403
    assert _order(job) == ["Work permit?"]


def test_another_companys_job_and_questions_are_404(
    client: Client, outsider: User, job: JobDescription, recruiter: User
) -> None:
    (question,) = _ask(job, recruiter, "Work permit?")
    client.force_login(outsider)
    url = f"/jobs/{job.pk}/screening-questions/"
    assert client.get(url).status_code == 404
    assert client.post(url, _new("Theirs?")).status_code == 404
    assert client.post(f"{url}{question.pk}/delete/").status_code == 404
    assert ScreeningQuestion.objects.filter(pk=question.pk, archived_at__isnull=True).exists()


def test_a_question_of_another_job_is_404_under_this_one(
    recruiter_client: Client, job: JobDescription, recruiter: User
) -> None:
    other_job = JobFactory(company=job.company)
    (question,) = _ask(other_job, recruiter, "Elsewhere?")
    assert recruiter_client.post(f"/jobs/{job.pk}/screening-questions/{question.pk}/delete/").status_code == 404


# --- The API -------------------------------------------------------------------------------


def test_the_api_adds_lists_reorders_changes_and_removes_questions(
    recruiter_api: APIClient, job: JobDescription
) -> None:
    url = f"/api/v1/jobs/{job.pk}/screening-questions"
    first = recruiter_api.post(url, {"text": "Work permit?", "knockout_answer": "no"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["kind"] == "yes_no" and first.json()["knockout_answer"] == "no"
    second = recruiter_api.post(
        url, {"text": "Why us?", "kind": "short_text", "required": False, "position": 0}, format="json"
    )
    assert second.json()["position"] == 0
    listed = recruiter_api.get(url).json()
    assert listed["count"] == 2
    assert [q["text"] for q in listed["results"]] == ["Why us?", "Work permit?"]

    question_url = f"{url}/{first.json()['id']}"
    changed = recruiter_api.patch(question_url, {"text": "Do you hold a work permit?", "position": 0}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["text"], changed.json()["position"], changed.json()["knockout_answer"]) == (
        "Do you hold a work permit?",
        0,
        "no",
    )
    assert _order(job) == ["Do you hold a work permit?", "Why us?"]

    refused = recruiter_api.patch(f"{url}/{second.json()['id']}", {"knockout_answer": "yes"}, format="json")
    assert refused.status_code == 400 and "knockout_answer" in refused.json()

    removed = recruiter_api.delete(question_url)
    assert removed.json() == {"id": first.json()["id"], "archived": False}
    assert recruiter_api.get(question_url).status_code == 404


def test_the_api_archives_an_answered_question(recruiter_api: APIClient, job: JobDescription, recruiter: User) -> None:
    (question,) = _ask(job, recruiter, "Work permit?")
    _answer(job, question)
    response = recruiter_api.delete(f"/api/v1/jobs/{job.pk}/screening-questions/{question.pk}")
    assert response.json() == {"id": str(question.pk), "archived": True}
    assert ScreeningQuestion.objects.filter(pk=question.pk, archived_at__isnull=False).exists()


def test_the_api_refuses_a_hiring_manager_and_hides_other_companies(
    manager_api: APIClient, outsider_api: APIClient, job: JobDescription, recruiter: User
) -> None:
    (question,) = _ask(job, recruiter, "Work permit?")
    url = f"/api/v1/jobs/{job.pk}/screening-questions"
    assert manager_api.get(url).json()["count"] == 1
    assert manager_api.post(url, {"text": "Mine?"}, format="json").status_code == 403
    assert manager_api.delete(f"{url}/{question.pk}").status_code == 403
    for method, target in (
        ("get", url),
        ("post", url),
        ("patch", f"{url}/{question.pk}"),
        ("delete", f"{url}/{question.pk}"),
    ):
        response: Any = getattr(outsider_api, method)(target, {"text": "x"} if method != "get" else None, format="json")
        assert response.status_code == 404, (method, target)
    assert _order(job) == ["Work permit?"]


def test_the_endpoints_are_in_the_openapi_schema(recruiter_api: APIClient) -> None:
    paths = recruiter_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert set(paths["/api/v1/jobs/{job_id}/screening-questions/"]) >= {"get", "post"}
    assert set(paths["/api/v1/jobs/{job_id}/screening-questions/{question_id}/"]) >= {"get", "patch", "delete"}
