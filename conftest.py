"""Fixtures shared by every app's tests: a company with its admin, recruiter and
hiring manager, and an outsider company whose rows must never be visible."""

from __future__ import annotations

import pytest

pytest_plugins = ["config.tests.browser_fixtures", "config.tests.mail_fixtures", "config.tests.s3_fixtures"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def company(db):
    from companies.tests.factories import CompanyFactory

    return CompanyFactory(name="Acme Recruiting")


@pytest.fixture
def admin_user(company):
    from accounts.tests.factories import UserFactory

    return UserFactory(company=company, role="admin", email="alice@acme.test", full_name="Alice Admin")


@pytest.fixture
def recruiter(company):
    from accounts.tests.factories import UserFactory

    return UserFactory(company=company, role="recruiter", email="bob@acme.test", full_name="Bob Recruiter")


@pytest.fixture
def hiring_manager(company):
    from accounts.tests.factories import UserFactory

    return UserFactory(company=company, role="hiring_manager", email="hana@acme.test", full_name="Hana Manager")


@pytest.fixture
def other_company(db):
    from companies.tests.factories import CompanyFactory

    return CompanyFactory(name="Globex Hiring")


@pytest.fixture
def outsider(other_company):
    from accounts.tests.factories import UserFactory

    return UserFactory(company=other_company, role="admin", email="charlie@globex.test", full_name="Charlie Outsider")


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser("root@shortlist.test", "Sup3r-secret-pass", full_name="Root")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def _api_client_for(user):
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def recruiter_api(recruiter):
    return _api_client_for(recruiter)


@pytest.fixture
def admin_api(admin_user):
    return _api_client_for(admin_user)


@pytest.fixture
def manager_api(hiring_manager):
    return _api_client_for(hiring_manager)


@pytest.fixture
def outsider_api(outsider):
    return _api_client_for(outsider)


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


class HashingEmbedder:
    """A fast stand-in for unit tests of code around matching (never for matching itself):
    a normalized bag of hashed words, so texts sharing words are close."""

    calls = 0

    def encode(self, texts, batch_size: int = 32):
        import hashlib

        import numpy as np

        from jobs.vectors import EMBEDDING_DIMENSIONS

        HashingEmbedder.calls += 1
        vectors = np.zeros((len(texts), EMBEDDING_DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.blake2b(word.strip(".,;:()").encode(), digest_size=4).digest()
                vectors[row, int.from_bytes(digest, "little") % EMBEDDING_DIMENSIONS] += 1.0
            vectors[row, 0] += 1e-3
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(autouse=True)
def _embedder(request, monkeypatch):
    """Tests marked `model` use the real embedding model; every other test a hashing stand-in."""
    if request.node.get_closest_marker("model") or request.node.get_closest_marker("worker"):
        yield None
        return
    from matching import embeddings

    fake = HashingEmbedder()
    monkeypatch.setattr(embeddings, "get_embedder", lambda backend=None: fake)
    yield fake


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs ~0.1 s per hash by design and the suite hashes hundreds of times.

    Production's hasher list is checked in config/tests/test_deploy.py.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
