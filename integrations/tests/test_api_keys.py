"""API keys: issued once, stored hashed, scoped, revocable, and usable on every API
endpoint through the same role table and tenancy as JWT.

The matrix walks every API route (Django's resolver, through config.tests.routes)
with keys of each scope: a new endpoint is in the matrix the day it is added.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from config.tests.routes import all_routes, company_rows, parameter_values, request_body
from config.tests.test_roles import EXPECTED, NOT_ROLE_ROUTES
from integrations.keys import api_key_create, api_key_revoke
from integrations.models import API_RESOURCES, ApiKey, AuditEntry

pytestmark = pytest.mark.django_db

API_ROUTES = {route.name: route for route in all_routes() if route.is_api}
MATRIX_CASES = sorted((name, method) for (name, method) in EXPECTED if name in API_ROUTES)

# Scopes of the matrix: (access, resources).
SCOPES = {
    "read-only": ("read_only", []),
    "read-write": ("read_write", []),
    "read-write-notes-only": ("read_write", ["notes"]),
}


def _key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def _segment(url: str) -> str:
    return url.removeprefix("/api/v1/").split("/", 1)[0]


def _allowed(action: str, access: str, resources: list[str], url: str) -> bool:
    """The rule, written out: keys never manage keys; read-only keys only read; a
    resource list limits the collections."""
    if action == "manage_integrations":
        return False
    if access == "read_only" and action != "read":
        return False
    return not resources or _segment(url) in resources


def test_every_api_route_belongs_to_a_known_resource() -> None:
    walked = {route.name for route in API_ROUTES.values()}
    covered = {name for name, _ in MATRIX_CASES}
    assert walked - covered <= set(NOT_ROLE_ROUTES), "an API route missing from config.tests.test_roles.EXPECTED"
    for route in API_ROUTES.values():
        segment = route.path(dict.fromkeys(route.parameters, "x")).removeprefix("/api/v1/").split("/", 1)[0]
        assert segment in API_RESOURCES or segment in ("health", "schema", "docs", "shared"), route.name


@pytest.mark.parametrize("scope", sorted(SCOPES))
@pytest.mark.parametrize("name, method", MATRIX_CASES)
def test_key_matrix_scopes_x_endpoints(company: Any, admin_user: Any, scope: Any, name: Any, method: Any) -> None:
    access, resources = SCOPES[scope]
    issued = api_key_create(user=admin_user, name=scope, access=access, resources=resources)
    rows = company_rows(company, people=[admin_user])
    route = API_ROUTES[name]
    url = route.path(parameter_values(route, rows))
    body = request_body(rows) if method in ("post", "patch", "put") else None
    response = getattr(_key_client(issued.key), method)(url, body, format="json")
    if _allowed(EXPECTED[(name, method)], access, resources, url):
        assert response.status_code not in (401, 403), (
            scope,
            method,
            url,
            response.status_code,
            response.content[:200],
        )
    else:
        assert response.status_code == 403, (scope, method, url, response.status_code)


def test_a_key_is_shown_once_and_stored_hashed(admin_api: Any, admin_user: Any) -> None:
    response = admin_api.post(
        "/api/v1/api-keys", {"name": "ERP", "access": "read_write", "resources": ["jobs"]}, format="json"
    )
    assert response.status_code == 201, response.content
    key = response.json()["key"]
    stored = ApiKey.objects.get(pk=response.json()["id"])
    assert key not in str(ApiKey.objects.filter(pk=stored.pk).values().first())
    assert stored.prefix in key and stored.key_hash != key
    listed = admin_api.get("/api/v1/api-keys").json()["results"]
    assert [row["id"] for row in listed] == [str(stored.pk)] and "key" not in listed[0]
    assert "key" not in admin_api.get(f"/api/v1/api-keys/{stored.pk}").json()
    assert AuditEntry.objects.filter(action="api_key.created", target_id=str(stored.pk)).exists()


def test_only_administrators_make_keys(recruiter_api: Any, manager_api: Any) -> None:
    for client in (recruiter_api, manager_api):
        assert client.post("/api/v1/api-keys", {"name": "x"}, format="json").status_code == 403


def test_a_key_reads_its_company_and_records_its_last_use(company: Any, admin_user: Any) -> None:
    rows = company_rows(company)
    issued = api_key_create(user=admin_user, name="ERP")
    assert issued.api_key.last_used_at is None
    response = _key_client(issued.key).get("/api/v1/jobs")
    assert response.status_code == 200
    assert str(rows["job"].pk) in response.content.decode()
    issued.api_key.refresh_from_db()
    assert issued.api_key.last_used_at is not None


def test_revoked_unknown_and_malformed_keys_are_401(company: Any, admin_user: Any, admin_api: Any) -> None:
    issued = api_key_create(user=admin_user, name="ERP")
    assert _key_client(issued.key).get("/api/v1/jobs").status_code == 200
    assert admin_api.post(f"/api/v1/api-keys/{issued.api_key.pk}/revoke").status_code == 200
    for key in (issued.key, issued.key[:-2] + "xx", "slk_000000000000_nothing", "garbage", ""):
        response = _key_client(key).get("/api/v1/jobs")
        assert response.status_code == 401, (key, response.status_code)
        assert response["WWW-Authenticate"]


def test_another_companys_key_gets_404_for_our_rows(company: Any, outsider: Any) -> None:
    rows = company_rows(company)
    theirs = api_key_create(user=outsider, name="Globex ERP", access="read_write")
    client = _key_client(theirs.key)
    assert client.get(f"/api/v1/jobs/{rows['job'].pk}").status_code == 404
    assert client.patch(f"/api/v1/jobs/{rows['job'].pk}", {"title": "Stolen"}, format="json").status_code == 404
    assert client.get(f"/api/v1/resumes/{rows['resume'].pk}").status_code == 404
    assert str(rows["job"].pk) not in client.get("/api/v1/jobs").content.decode()


def test_a_key_never_exceeds_its_creator(company: Any, admin_user: Any) -> None:
    issued = api_key_create(user=admin_user, name="ERP", access="read_write")
    rows = company_rows(company)
    client = _key_client(issued.key)
    admin_user.role = "hiring_manager"
    admin_user.save()
    assert client.delete(f"/api/v1/jobs/{rows['job'].pk}").status_code == 403
    admin_user.is_active = False
    admin_user.save()
    assert client.get("/api/v1/jobs").status_code == 401


def test_keys_cannot_make_keys_nor_see_them(admin_user: Any) -> None:
    issued = api_key_create(user=admin_user, name="ERP", access="read_write")
    client = _key_client(issued.key)
    assert client.get("/api/v1/api-keys").status_code == 403
    assert client.post("/api/v1/api-keys", {"name": "more"}, format="json").status_code == 403


def test_writes_through_a_key_act_for_its_creator(company: Any, admin_user: Any) -> None:
    rows = company_rows(company)
    issued = api_key_create(user=admin_user, name="ERP", access="read_write", resources=["resumes"])
    response = _key_client(issued.key).post(
        f"/api/v1/resumes/{rows['resume'].pk}/notes", {"body": "From the ERP"}, format="json"
    )
    assert response.status_code == 201, response.content
    from notes.models import CandidateNote

    assert CandidateNote.objects.get(body="From the ERP").author == admin_user


def test_revoke_is_idempotent_and_admin_lists_keys(company: Any, admin_user: Any, client: Any) -> None:
    issued = api_key_create(user=admin_user, name="ERP")
    api_key_revoke(api_key=issued.api_key, user=admin_user)
    first = issued.api_key.revoked_at
    api_key_revoke(api_key=issued.api_key, user=admin_user)
    assert issued.api_key.revoked_at == first
    client.force_login(admin_user)
    assert "ERP" in client.get("/admin/integrations/apikey/").content.decode()


def test_the_admin_creates_a_key_and_shows_it_once(company: Any, admin_user: Any, client: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/apikey/add/",
        {"name": "Payroll", "access": "read_only", "resources": "jobs,resumes"},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="Payroll")
    assert key.company == company and key.created_by == admin_user and key.resources == ["jobs", "resumes"]
    text = response.content.decode()
    assert f"slk_{key.prefix}_" in text
    assert f"slk_{key.prefix}_" not in client.get(f"/admin/integrations/apikey/{key.pk}/change/").content.decode()
