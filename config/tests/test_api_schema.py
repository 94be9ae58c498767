"""Schemathesis against the published OpenAPI schema, as a signed-in recruiter.

Every operation gets a handful of generated requests through Django's WSGI
handler: once as generated (random ids: the 404 paths) and once with the ids
of real rows of the recruiter's company (the 200 paths). No answer may be a
5xx, and every answer must match what the schema says about its status code,
content type, headers and body. Each operation runs in a savepoint that is
rolled back, so a DELETE never takes the rows the next operation needs.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from interviews.tests.factories import InterviewFactory
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from notes.tests.factories import CandidateNoteFactory
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, response_headers_conformance]
# Invalid input (wrong types, missing fields) must be refused, never crash: no 5xx.
NEGATIVE_CHECKS = [not_a_server_error]


class InTransactionWSGI:
    """Django's WSGI handler, minus the per-request connection cleanup that would
    close the test's transaction (what django.test.Client does too)."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def rows(company, recruiter):
    from integrations.models import ApiKey

    job = JobFactory(company=company)
    match = MatchResultFactory(job=job, company=company)
    resume = match.resume
    return {
        "job": job.pk,
        "resume": resume.pk,
        "note": CandidateNoteFactory(resume=resume, company=company, author=recruiter).pk,
        "interview": InterviewFactory(job=job, resume=resume, company=company, created_by=recruiter).pk,
        "link": SharedLinkFactory(resume=resume, company=company, created_by=recruiter).pk,
        "api_key": ApiKey.objects.create(
            company=company, name="ERP", prefix="schematest", key_hash="0" * 64, created_by=recruiter
        ).pk,
    }


# Which real row an `{id}` stands for, by the path's collection.
COLLECTION_ROW = {
    "jobs": "job",
    "resumes": "resume",
    "notes": "note",
    "interviews": "interview",
    "shared-links": "link",
    "api-keys": "api_key",
}


def _real_ids(path: str, parameters: dict, rows: dict) -> dict:
    real = dict(parameters)
    for name in parameters:
        if name == "job_id":
            real[name] = str(rows["job"])
        elif name == "resume_id":
            real[name] = str(rows["resume"])
        elif name == "id":
            collection = re.match(r"^/api/v1/([\w-]+)/", path).group(1)
            real[name] = str(rows[COLLECTION_ROW[collection]])
    return real


def test_every_operation_answers_as_its_schema_says(recruiter, rows):
    app = InTransactionWSGI()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    headers = {"Authorization": f"Bearer {RefreshToken.for_user(recruiter).access_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    failures: list[str] = []
    exercised: dict[str, set[int]] = {}
    negatives = 0

    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=st.one_of(
                operation.as_strategy(),
                operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
            )
        )
        def run(case):
            nonlocal negatives
            negative = case.meta is not None and case.meta.generation.mode == schemathesis.GenerationMode.NEGATIVE
            negatives += negative
            variants = [case]
            if case.path_parameters:
                real = case.operation.Case(
                    path_parameters=_real_ids(operation.path, case.path_parameters, rows),
                    query=case.query,
                    headers=case.headers,
                    body=case.body,
                    media_type=case.media_type,
                )
                variants.append(real)
            for variant in variants:
                response = variant.call(headers=headers)
                exercised.setdefault(label, set()).add(response.status_code)
                try:
                    variant.validate_response(response, checks=NEGATIVE_CHECKS if negative else CHECKS, headers=headers)
                except BaseExceptionGroup as group:  # schemathesis' FailureGroup: collect them all
                    failures.append(f"{label}: {str(group)[:1500]}")

        with transaction.atomic():
            run()
            transaction.set_rollback(True)

    assert negatives > len(operations), "invalid input was hardly generated"
    assert not failures, f"{len(failures)} failing cases:\n\n" + "\n\n".join(sorted(set(failures))[:15])
    # The real ids reached the happy paths, not only 404s.
    succeeded = {label for label, codes in exercised.items() if any(200 <= code < 300 for code in codes)}
    assert len(succeeded) >= 0.6 * len(exercised), sorted(set(exercised) - succeeded)
