"""The ranked list is read in a fixed number of queries, however long the page:
the API loads only the columns its rows show, and never one row at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_candidates_api_reads_a_page_in_a_fixed_number_of_queries(recruiter_api, recruiter):
    job = JobFactory(company=recruiter.company)
    MatchResultFactory(job=job, company=job.company)
    url = f"/api/v1/jobs/{job.pk}/candidates"
    one = _queries(recruiter_api, url)
    for _ in range(24):
        MatchResultFactory(job=job, company=job.company, status="maybe")
    many = _queries(recruiter_api, url)
    assert len(recruiter_api.get(url).json()["results"]) == 25
    assert len(many) == len(one)
    page = next(sql for sql in many if "ORDER BY" in sql and "matching_matchresult" in sql)
    # The heavy JSON of a match and the resume's parse stay in the database.
    for column in ('"explanation_data"', '"skill_matches"', '"extracted_skills"', '"content"', '"sections"'):
        assert column not in page, column


def test_the_portal_candidates_panel_reads_a_page_in_a_fixed_number_of_queries(recruiter_client, recruiter):
    job = JobFactory(company=recruiter.company)
    MatchResultFactory(job=job, company=job.company)
    url = f"/matching/jobs/{job.pk}/candidates/"
    one = _queries(recruiter_client, url)
    for _ in range(24):
        MatchResultFactory(job=job, company=job.company, status="maybe")
    MatchResultFactory(job=job, company=job.company, source="suggested")
    many = _queries(recruiter_client, url)
    assert len(many) == len(one)
    assert all('"explanation_data"' not in sql for sql in many if "ORDER BY" in sql and "matching_matchresult" in sql)
