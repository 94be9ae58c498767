"""Tenancy, proven for every route there is: each URL pattern (walked from Django's
resolver: the portal, the API, the admin) and each operation of the OpenAPI schema,
requested by an administrator of another company.

- A route with a parameter, filled with the home company's ids, answers 404 and
  changes nothing.
- A route without one answers only the outsider's own data: no id or name of the
  home company appears in its body.
- Public routes are listed below with the reason; any other route refuses an
  anonymous visitor. A new URL is covered the day it is added: a parameter nobody
  knows how to fill, or a route that lets strangers in unlisted, fails here.
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from config.tests.routes import (
    ADMIN_GLOBAL_MODELS,
    admin_model,
    all_routes,
    company_rows,
    parameter_values,
    request_body,
)

pytestmark = pytest.mark.django_db

# Route name -> why it answers without a company membership.
PUBLIC = {
    "accounts:login": "signing in",
    "accounts:logout": "ending a session",
    "accounts:register": "a new company signs up",
    "accounts:register_done": "the same answer for every registration",
    "accounts:invitation_accept": "the invitation token is the credential",
    "accounts:password_reset": "a forgotten password",
    "accounts:password_reset_done": "a forgotten password",
    "accounts:password_reset_confirm": "the emailed token is the credential",
    "accounts:password_reset_complete": "a forgotten password",
    "shared:page": "the shared-link token is the credential",
    "shared:file": "the shared-link token is the credential",
    "careers:index": "the company's public careers page (published open jobs only)",
    "careers:embed": "the careers page's job list for the company's own site",
    "careers:job": "a published open job, for candidates and search engines",
    "careers:theme": "the careers page's colours",
    "careers:logo": "the careers page's logo",
    "careers:apply": "candidates apply without an account (rate-limited, honeypot)",
    "careers:applied": "the thank-you page after applying",
    "careers:withdraw": "the signed link in the confirmation email is the credential",
    "api:health": "load balancers and operators",
    "api:auth-register": "a new company signs up",
    "api:auth-login": "signing in",
    "api:auth-refresh": "the refresh token is the credential",
    "api:auth-logout": "the refresh token is the credential",
    "api:shared-candidate": "the shared-link token is the credential",
    "api:schema": "the API's own description",
    "api:docs": "the API's own description",
    "metrics": "operators, with METRICS_TOKEN (no user, no company data)",
    "admin:login": "signing in to the admin",
    "admin:logout": "ending a session",
    "admin:jsi18n": "the admin's translations (JavaScript)",
}
# Signed in, but about the user's own account only: nothing of any company to scope.
OWN_ACCOUNT = {
    "accounts:password_change": "one's own password",
    "accounts:password_change_done": "one's own password",
    "admin:password_change": "one's own password",
    "admin:password_change_done": "one's own password",
}
OPENAPI_PUBLIC = {
    "/api/v1/health/": "load balancers and operators",
    "/api/v1/auth/login": "signing in",
    "/api/v1/auth/register": "a new company signs up",
    "/api/v1/auth/refresh": "the refresh token is the credential",
    "/api/v1/auth/logout": "the refresh token is the credential",
    "/api/v1/shared/{token}/": "the shared-link token is the credential",
}
# Parameters that name no row (the admin's app index): such a route is a listing.
NOT_OBJECT_PARAMETERS = {"app_label"}
# Which row an OpenAPI `{id}` names, by the path's first segment after /api/v1/.
OPENAPI_ID_OWNERS = {
    "jobs": "job",
    "resumes": "resume",
    "interviews": "interview",
    "notes": "note",
    "shared-links": "link",
    "api-keys": "api_key",
}

ROUTES = [route for route in all_routes() if route.name not in PUBLIC and route.name not in OWN_ACCOUNT]
ROUTE_IDS = [route.name for route in ROUTES]


@pytest.fixture
def home(company, hiring_manager):
    return company_rows(company, people=[hiring_manager])


@pytest.fixture
def outsider_rows(other_company, outsider):
    # The outsider has data of its own, so a list that forgets to scope has something to mix.
    return company_rows(other_company, people=[outsider])


def _snapshot(rows) -> dict:
    return {
        key: type(row).objects.filter(pk=row.pk).values().first() for key, row in rows.items() if hasattr(row, "_meta")
    }


def _markers(rows, *, sent: dict) -> set[str]:
    """Text that only the home company's data contains: its ids (except those the
    request itself named, which an error may echo) and its people's and jobs' names."""
    named = {str(value) for value in sent.values()} | {str(v) for v in sent.get("interviewer_ids", [])}
    # Integer keys (the audit log's) are too short to search for; their rows name a job instead.
    ids = {
        str(row.pk)
        for key, row in rows.items()
        if hasattr(row, "pk") and key != "company" and not isinstance(row.pk, int)
    }
    names = {rows["resume"].candidate_name, rows["job"].title, rows["member"].email, rows["member"].full_name}
    return (ids - named) | names


def _request(client, method, url, body, *, api):
    if api:
        return getattr(client, method)(url, body if method in ("post", "patch", "put") else None, format="json")
    return getattr(client, method)(url, body if method == "post" else None, follow=True)


def _client(route, outsider, outsider_api, client):
    if route.is_api:
        return outsider_api
    client.force_login(outsider)
    return client


def _methods(route):
    return ["get", "post"] if route.is_admin else route.methods()


def _assert_no_markers(response, markers, what):
    text = response.content.decode("utf-8", "replace")
    leaked = sorted(marker for marker in markers if marker in text)
    assert not leaked, f"{what} shows another company's data: {leaked}"


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_every_route_is_404_or_only_the_outsiders_own_data(route, home, outsider_rows, outsider, outsider_api, client):
    values = parameter_values(route, home)  # raises for a parameter nobody knows how to fill
    url = route.path(values)
    requester = _client(route, outsider, outsider_api, client)
    not_found = 0
    for method in _methods(route):
        before = _snapshot(home)
        body = request_body(home)
        response = _request(requester, method, url, body, api=route.is_api)
        what = f"{method.upper()} {url}"
        if admin_model(route) in ADMIN_GLOBAL_MODELS:
            # Rows of no company (superusers' only): a company administrator never gets a page.
            assert response.status_code in (403, 404) or response.redirect_chain, (what, response.status_code)
            assert (
                not response.redirect_chain
                or response.status_code in (403, 404)
                or response.redirect_chain[-1][0] == "/admin/"
            ), (what, response.redirect_chain, response.status_code)
        elif set(route.parameters) - NOT_OBJECT_PARAMETERS:
            if response.status_code == 405:
                # A method the view never takes (GET on a POST-only view) is refused before any lookup.
                assert method.upper() not in response["Allow"], what
            else:
                assert response.status_code == 404, (what, response.status_code)
                not_found += 1
        else:
            assert response.status_code < 500, (what, response.status_code)
            _assert_no_markers(response, _markers(home, sent=body if method != "get" else {}), what)
        assert _snapshot(home) == before, f"{what} changed another company's rows"
    if set(route.parameters) - NOT_OBJECT_PARAMETERS and admin_model(route) not in ADMIN_GLOBAL_MODELS:
        assert not_found, f"{url}: no method answered 404"


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_no_route_lets_an_anonymous_visitor_in_unless_listed_public(route, home, client, api_client):
    url = route.path(parameter_values(route, home))
    for method in _methods(route):
        if route.is_api:
            response = getattr(api_client, method)(url)
            assert response.status_code in (401, 403), (method, url, response.status_code)
        else:
            response = getattr(client, method)(url)
            # The portal and the admin send strangers to a login page.
            assert response.status_code == 302, (method, url, response.status_code)
            assert "login" in response["Location"], (method, url, response["Location"])


def test_every_public_route_exists():
    names = {route.name for route in all_routes()}
    assert set(PUBLIC) - names == set()
    assert set(OWN_ACCOUNT) - names == set()


# --- The OpenAPI schema ------------------------------------------------------------------


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    ]


OPERATIONS = _operations()


def _fill(path: str, rows: dict) -> str:
    def value(match):
        name = match.group(1)
        if name == "id":
            owner = OPENAPI_ID_OWNERS.get(path.split("/")[3])
            if owner is None:
                raise LookupError(f"{path}: which row does {{id}} name? Add it to OPENAPI_ID_OWNERS.")
            return str(rows[owner].pk)
        if name in ("job_id", "resume_id"):
            return str(rows[name[:-3]].pk)
        if name == "question_id":
            return str(rows["screening_question"].pk)
        raise LookupError(f"{path}: no value for {{{name}}}; add it here.")

    return re.sub(r"\{(\w+)\}", value, path)


@pytest.mark.parametrize("path, method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_every_openapi_operation_is_404_or_only_the_outsiders_own_data(path, method, home, outsider_rows, outsider_api):
    if path in OPENAPI_PUBLIC:
        return
    url = _fill(path, home)
    before = _snapshot(home)
    body = request_body(home)
    response = _request(outsider_api, method, url, body, api=True)
    what = f"{method.upper()} {url}"
    if "{" in path:
        assert response.status_code == 404, (what, response.status_code)
    else:
        assert response.status_code < 500, (what, response.status_code)
        _assert_no_markers(response, _markers(home, sent=body if method != "get" else {}), what)
    assert _snapshot(home) == before, f"{what} changed another company's rows"


def test_every_public_operation_exists():
    assert set(OPENAPI_PUBLIC) - {path for path, _ in OPERATIONS} == set()


# --- The walk itself fails for what it cannot cover --------------------------------------


def test_a_parameter_the_walk_cannot_fill_fails(home):
    from config.tests.routes import Route

    unknown = Route(name="jobs:frobnicate", pattern=r"^jobs/(?P<widget_id>[0-9]+)/", callback=None)
    with pytest.raises(LookupError, match="widget_id"):
        parameter_values(unknown, home)
    with pytest.raises(LookupError, match="pk"):
        parameter_values(Route(name="gadgets:detail", pattern=r"^gadgets/(?P<pk>[0-9]+)/", callback=None), home)
