import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs ~0.1 s per hash by design; these tests hash hundreds of times.

    Production's hasher list is checked in config/tests/test_deploy.py.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
