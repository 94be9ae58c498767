"""A job's ranked rows can be told apart: the current title and location under the name."""

import pytest

from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


def test_ranked_rows_show_the_current_title_and_location(recruiter_client, company):
    job = JobFactory(company=company)
    MatchResultFactory(
        job=job, resume__candidate_name="Sam Lee", resume__current_title="Data Analyst", resume__location="Berlin"
    )
    MatchResultFactory(job=job, resume__candidate_name="Sam Li", resume__current_title="", resume__location="Leeds")
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert '<div class="candidate-headline">Data Analyst · Berlin</div>' in html
    assert '<div class="candidate-headline">Leeds</div>' in html
