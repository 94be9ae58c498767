import pytest

from interviews.models import Interview
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


def test_the_admin_cannot_schedule_a_rejected_candidate(client, admin_user, company):
    match = MatchResultFactory(job=JobFactory(company=company), status="rejected")
    client.force_login(admin_user)
    response = client.post(
        "/admin/interviews/interview/add/",
        {
            "resume": match.resume_id,
            "job": match.job_id,
            "interview_type": "video",
            "scheduled_at_0": "2026-12-01",
            "scheduled_at_1": "10:00:00",
            "timezone": "UTC",
            "duration_minutes": 45,
            "feedback-TOTAL_FORMS": 0,
            "feedback-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "was rejected" in response.content.decode()
    assert not Interview.objects.exists()
