"""Self-identification is readable by no recruiter screen, API response or export,
and no score reads it: walk every route a company admin can GET (portal, API,
admin, exports) for a candidate who answered every question, and look for it."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from careers.models import Application, SelfIdentification
from companies.models import Company
from config.tests.routes import Route, all_routes, company_rows, parameter_values

pytestmark = pytest.mark.django_db

ANSWERS = {
    "gender": ("non_binary", "Non-binary"),
    "ethnicity": ("pacific_islander", "Native Hawaiian or other Pacific Islander"),
    "disability": ("yes", "Yes, I have a disability"),
    "veteran": ("protected_veteran", "I am a protected veteran"),
}
# Values distinctive enough to be found only if leaked ("yes" alone is everywhere).
MARKERS = [label for _, label in ANSWERS.values()] + ["non_binary", "pacific_islander", "protected_veteran"]
SKIPPED = {"accounts:logout", "admin:logout"}  # they would end the walking session


@pytest.fixture
def answered(company: Company, hiring_manager: User) -> dict[str, Any]:
    from django.utils import timezone

    rows = company_rows(company, people=[hiring_manager])
    application = Application.objects.create(
        company=company,
        job=rows["job"],
        resume=rows["resume"],
        full_name="Home Candidate",
        email="candidate@example.test",
        consented_at=timezone.now(),
    )
    SelfIdentification.objects.create(
        company=company, job=rows["job"], application_id=application.pk, **{k: v for k, (v, _) in ANSWERS.items()}
    )
    return rows


def _get(client: Client, api_client: APIClient, route: Route, url: str) -> Any:
    if route.is_api:
        return api_client.get(url, format="json")
    return client.get(url, follow=True)


def test_no_route_a_company_admin_can_read_shows_self_identification(
    answered: dict[str, Any], admin_user: User, client: Client, api_client: APIClient
) -> None:
    client.force_login(admin_user)
    api_client.force_authenticate(admin_user)
    walked = 0
    for route in all_routes():
        if route.name in SKIPPED or "get" not in route.methods():
            continue
        try:
            url = route.path(parameter_values(route, answered))
        except (KeyError, LookupError):
            continue
        response = _get(client, api_client, route, url)
        text = (
            response.content.decode("utf-8", "replace")
            if not getattr(response, "streaming", False)
            else b"".join(response.streaming_content).decode("utf-8", "replace")
        )
        leaked = [marker for marker in MARKERS if marker in text]
        assert not leaked, f"GET {url} shows self-identification: {leaked}"
        walked += 1
    assert walked > 50


def test_the_candidate_export_does_not_carry_self_identification(answered: dict[str, Any]) -> None:
    from resumes.retention import candidate_export

    exported = candidate_export(resume=answered["resume"])
    assert "careers.selfidentification" not in exported["related"]
    assert not any(marker in str(exported) for marker in MARKERS)


def test_no_score_reads_self_identification() -> None:
    """Matching and ranking never import careers (the layers forbid it), so no score can read it."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for app in ("matching", "resumes", "jobs"):
        for source in (root / app).rglob("*.py"):
            text = source.read_text()
            assert "SelfIdentification" not in text and "careers" not in text.replace("careers page", ""), source
