"""Settings read from the environment refuse values they cannot understand: a
misspelt `SECURE_SSL_REDIRECT=flase` must stop the start-up, not quietly turn the
redirect off."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.tests.env_settings import settings_under

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 64}


@pytest.mark.parametrize("spelling", ["1", "true", "True", "YES", "on", " on "])
def test_true_spellings_are_understood(spelling):
    assert settings_under(**PRODUCTION, SECURE_SSL_REDIRECT=spelling)["SECURE_SSL_REDIRECT"] is True


@pytest.mark.parametrize("spelling", ["0", "false", "FALSE", "no", "off"])
def test_false_spellings_are_understood(spelling):
    assert settings_under(**PRODUCTION, SECURE_SSL_REDIRECT=spelling)["SECURE_SSL_REDIRECT"] is False


def test_an_unset_variable_means_the_default():
    assert settings_under(**PRODUCTION)["SECURE_SSL_REDIRECT"] is True
    assert settings_under(**PRODUCTION)["EMAIL_USE_TLS"] is False


def test_an_empty_boolean_refuses_to_start():
    # `DEBUG=` read as the default would switch debugging on in production.
    with pytest.raises(ImproperlyConfigured, match="DEBUG=''"):
        settings_under(DEBUG="", SECRET_KEY="x" * 64)


def test_a_misspelt_boolean_refuses_to_start():
    with pytest.raises(ImproperlyConfigured) as refused:
        settings_under(**PRODUCTION, SECURE_SSL_REDIRECT="flase")
    message = str(refused.value)
    assert "SECURE_SSL_REDIRECT" in message
    assert "'flase'" in message
    for accepted in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        assert accepted in message


def test_a_misspelt_debug_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        settings_under(DEBUG="ture", SECRET_KEY="x" * 64)


def test_a_malformed_integer_refuses_to_start():
    with pytest.raises(ImproperlyConfigured) as refused:
        settings_under(SHORTLIST_MAX_UPLOAD_MB="10MB")
    assert "SHORTLIST_MAX_UPLOAD_MB" in str(refused.value)
    assert "'10MB'" in str(refused.value)
    assert "whole number" in str(refused.value)


def test_a_malformed_float_refuses_to_start():
    with pytest.raises(ImproperlyConfigured) as refused:
        settings_under(SHORTLIST_EXTRACTION_TIME_LIMIT="one minute")
    assert "SHORTLIST_EXTRACTION_TIME_LIMIT" in str(refused.value)
    assert "number" in str(refused.value)


def test_a_secret_file_is_named_when_its_content_is_malformed(tmp_path):
    secret = tmp_path / "port"
    secret.write_text("twenty-five\n")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT_FILE"):
        settings_under(EMAIL_PORT_FILE=str(secret))


def test_well_formed_numbers_are_read():
    configured = settings_under(SHORTLIST_MAX_UPLOAD_MB=" 3 ", SHORTLIST_EXTRACTION_TIME_LIMIT="2.5")
    assert configured["SHORTLIST_MAX_UPLOAD_BYTES"] == 3 * 1024 * 1024
    assert configured["SHORTLIST_EXTRACTION_TIME_LIMIT"] == 2.5


def test_uploaded_files_stay_in_the_local_folder_by_default():
    storages = settings_under(**PRODUCTION, SHORTLIST_S3_BUCKET=None)["STORAGES"]
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_moves_uploaded_files_to_object_storage():
    storages = settings_under(
        **PRODUCTION,
        SHORTLIST_S3_BUCKET="shortlist",
        SHORTLIST_S3_ENDPOINT_URL="http://minio:9000",
        SHORTLIST_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )["STORAGES"]
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "shortlist"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["addressing_style"] == "path"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    # Never a public object, never a long-lived link, never an overwrite.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] <= 60 and options["file_overwrite"] is False
    assert storages["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_the_secret_key_of_the_bucket_may_come_from_a_file(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("from-a-file\n")
    options = settings_under(**PRODUCTION, SHORTLIST_S3_BUCKET="shortlist", AWS_SECRET_ACCESS_KEY_FILE=str(secret))[
        "STORAGES"
    ]["default"]["OPTIONS"]
    assert options["secret_key"] == "from-a-file"


def test_a_misspelt_addressing_style_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="SHORTLIST_S3_ADDRESSING_STYLE='paht'"):
        settings_under(**PRODUCTION, SHORTLIST_S3_BUCKET="shortlist", SHORTLIST_S3_ADDRESSING_STYLE="paht")
