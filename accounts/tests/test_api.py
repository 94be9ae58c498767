from datetime import timedelta

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import Role, User
from accounts.tests.factories import DEFAULT_PASSWORD

STRONG = "Plum-Orchard-Lantern-42"
API = "/api/v1/auth/"


def _register_body(**overrides):
    body = {"email": "fay@fayhiring.test", "password": STRONG, "full_name": "Fay Founder", "company_name": "Fay Hiring"}
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_register_answers_field_errors(api_client, admin_user, company):
    # (Registration answers 202 alike for new and taken emails: test_registration_privacy.py.)
    response = api_client.post(
        API + "register",
        _register_body(email="alice@acme.test", company_name=company.name, password="abc"),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"password"}
    missing = api_client.post(API + "register", {"email": "not-an-email"}, format="json").json()
    assert set(missing) == {"email", "password", "full_name", "company_name"}


@pytest.mark.django_db
def test_register_cannot_choose_a_role_or_company(api_client, company):
    body = _register_body(role="recruiter", company=str(company.pk), is_superuser=True)
    assert api_client.post(API + "register", body, format="json").status_code == 202
    user = User.objects.get(email="fay@fayhiring.test")
    assert user.role == Role.ADMIN and user.company != company and not user.is_superuser


@pytest.mark.django_db
def test_login_returns_tokens_and_the_user(api_client, recruiter):
    response = api_client.post(API + "login", {"email": "Bob@Acme.test", "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "user"}
    assert body["user"]["email"] == recruiter.email and body["user"]["role"] == "recruiter"
    assert str(AccessToken(body["access"])["user_id"]) == str(recruiter.pk)
    recruiter.refresh_from_db()
    assert recruiter.last_login is not None


@pytest.mark.django_db
def test_login_with_wrong_password_is_401_with_detail(api_client, recruiter):
    response = api_client.post(API + "login", {"email": recruiter.email, "password": "nope"}, format="json")
    assert response.status_code == 401
    assert "detail" in response.json() and "access" not in response.json()


@pytest.mark.django_db
def test_refresh_gives_a_new_access_token(api_client, recruiter):
    refresh = str(RefreshToken.for_user(recruiter))
    response = api_client.post(API + "refresh", {"refresh": refresh}, format="json")
    assert response.status_code == 200
    access = response.json()["access"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert api_client.get(API + "me").json()["email"] == recruiter.email


@pytest.mark.django_db
def test_refresh_is_refused_for_garbage_inactive_and_deleted_users(api_client, recruiter):
    assert api_client.post(API + "refresh", {"refresh": "garbage"}, format="json").status_code == 401
    refresh = str(RefreshToken.for_user(recruiter))
    recruiter.is_active = False
    recruiter.save()
    assert api_client.post(API + "refresh", {"refresh": refresh}, format="json").status_code == 401
    recruiter.delete()
    assert api_client.post(API + "refresh", {"refresh": refresh}, format="json").status_code == 401


@pytest.mark.django_db
def test_an_expired_access_token_is_401(api_client, recruiter):
    token = AccessToken.for_user(recruiter)
    token.set_exp(lifetime=-timedelta(seconds=1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get(API + "me")
    assert response.status_code == 401 and "detail" in response.json()


@pytest.mark.django_db
def test_me_needs_a_token(api_client):
    assert api_client.get(API + "me").status_code == 401


@pytest.mark.django_db
def test_me_returns_the_user_with_company_and_role(recruiter_api, recruiter, company):
    body = recruiter_api.get(API + "me").json()
    assert body["id"] == str(recruiter.pk)
    assert body["company"] == {"id": str(company.pk), "name": "Acme Recruiting"}
    assert body["role"] == "recruiter"


@pytest.mark.django_db
def test_me_and_team_never_show_another_company(outsider_api, outsider, recruiter, admin_user):
    me = outsider_api.get(API + "me").json()
    assert me["company"]["name"] == "Globex Hiring"
    team = outsider_api.get(API + "team").json()
    assert team["count"] == 1
    assert [row["email"] for row in team["results"]] == [outsider.email]


@pytest.mark.django_db
def test_team_lists_the_company(recruiter_api, admin_user, recruiter, hiring_manager, outsider):
    emails = {row["email"] for row in recruiter_api.get(API + "team").json()["results"]}
    assert emails == {admin_user.email, recruiter.email, hiring_manager.email}


@pytest.mark.django_db
def test_a_deactivated_users_token_stops_working(recruiter_api, recruiter):
    recruiter.is_active = False
    recruiter.save()
    assert recruiter_api.get(API + "me").status_code == 401


@pytest.mark.django_db
def test_login_is_refused_after_repeated_failures_even_with_the_right_password(api_client, settings, recruiter):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert (
            api_client.post(API + "login", {"email": recruiter.email, "password": "x"}, format="json").status_code
            == 401
        )
    response = api_client.post(API + "login", {"email": recruiter.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_portal_and_api_share_one_failure_counter(client, api_client, settings, recruiter):
    settings.LOGIN_FAILURE_LIMIT = 2
    client.post("/accounts/login/", {"username": recruiter.email, "password": "x"})
    api_client.post(API + "login", {"email": recruiter.email, "password": "x"}, format="json")
    response = api_client.post(API + "login", {"email": recruiter.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 429


def _allowed_per_window(scope: str) -> int:
    # The rates DRF loaded from settings.REST_FRAMEWORK, e.g. "10/min".
    return int(ScopedRateThrottle.THROTTLE_RATES[scope].split("/")[0])


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["login", "register"])
def test_public_auth_endpoints_have_a_request_rate_limit(api_client, scope):
    # Malformed bodies never reach the password check, so only the rate throttle counts them.
    allowed = _allowed_per_window(scope)
    statuses = [api_client.post(API + scope, {}, format="json").status_code for _ in range(allowed + 1)]
    assert statuses == [400] * allowed + [429]


def test_auth_endpoints_produce_a_valid_schema_without_warnings():
    GENERATOR_STATS.reset()
    patterns = [path("api/v1/", include("accounts.api.urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    paths = schema["paths"]
    assert {"/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/me"} <= set(paths)
    login_response = paths["/api/v1/auth/login"]["post"]["responses"]["200"]
    assert login_response["content"]["application/json"]["schema"]["$ref"].endswith("/LoginResponse")
    assert paths["/api/v1/auth/login"]["post"]["security"] == [{}]


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(api_client):
    allowed = _allowed_per_window("login")
    statuses = [
        api_client.post(API + "login", {}, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(allowed + 1)
    ]
    assert statuses[-1] == 429
