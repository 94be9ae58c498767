"""GET /api/v1/resumes/{id}/export: one candidate's data, for the company's candidate managers only."""

from __future__ import annotations

import pytest

from resumes.tests.test_retention import _candidate_with_everything

pytestmark = pytest.mark.django_db


def test_export_api_is_scoped_to_the_company_and_the_candidate_managers(
    company, recruiter, recruiter_api, manager_api, outsider_api
):
    resume = _candidate_with_everything(company, recruiter)
    url = f"/api/v1/resumes/{resume.pk}/export"
    response = recruiter_api.get(url)
    assert response.status_code == 200
    assert response.json()["resume"]["id"] == str(resume.pk)
    assert "sharing.sharedlink" in response.json()["related"]
    assert 'filename="candidate-' in response["Content-Disposition"]
    assert outsider_api.get(url).status_code == 404
    assert manager_api.get(url).status_code == 403
