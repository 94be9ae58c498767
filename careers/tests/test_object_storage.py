"""The careers page with uploaded files on S3-compatible storage (moto's server on
loopback, config/tests/s3_fixtures.py): an application's resume goes to the bucket
and its withdrawal erases the object; the logo is served from the bucket."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from careers.models import Application, CareersSite
from careers.tests.factories import CareersSiteFactory
from companies.models import Company
from config.tests.mail_fixtures import Inbox
from config.tests.s3_fixtures import S3Server
from jobs.tests.factories import JobFactory
from resumes.models import Resume

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def site(company: Company) -> CareersSite:
    site: CareersSite = CareersSiteFactory(company=company, slug="acme")
    return site


def test_an_application_is_stored_in_the_bucket_and_its_withdrawal_erases_it(
    client: Client,
    site: CareersSite,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    s3_server: S3Server,
    s3_bucket: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = JobFactory(company=site.company, title="Data engineer")
    form = {"full_name": "Maria Garcia", "email": "maria@example.org", "resume": pdf_resume(), "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/careers/acme/jobs/{job.pk}/apply/", form).status_code == 302
    resume = Resume.objects.get(pk=Application.objects.get().resume_id)
    assert s3_server.keys(s3_bucket) == [resume.file.name]
    assert resume.content  # ingested (eagerly) from the bucket

    body = smtp.messages[0].get_payload(decode=True).decode()
    found = re.search(r"http://\S+/careers/withdraw/\S+/", body)
    assert found is not None
    link = found.group(0).split("127.0.0.1:8000", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    assert not Resume.objects.exists()
    assert s3_server.keys(s3_bucket) == []


def test_the_logo_is_served_from_the_bucket(
    client: Client, site: CareersSite, s3_server: S3Server, s3_bucket: str
) -> None:
    site.logo.save("logo.png", ContentFile(PNG))
    assert site.logo.name is not None
    assert s3_server.read(s3_bucket, site.logo.name) == PNG
    response = client.get(reverse("careers:logo", kwargs={"slug": "acme"}))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == PNG
