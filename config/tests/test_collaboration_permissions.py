"""The collaboration permission matrix, through the API: hiring managers write
notes and interview feedback, but change no status, share no candidate and
schedule no interview; recruiters and admins do all of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.tests.factories import InterviewFactory
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

#                       hiring manager, recruiter, admin
MATRIX = {
    "write a note": (201, 201, 201),
    "record interview feedback": (201, 201, 201),
    "change a candidate's status": (403, 200, 200),
    "schedule an interview": (403, 201, 201),
    "change an interview's status": (403, 200, 200),
    "create a shared link": (403, 201, 201),
    "revoke a shared link": (403, 200, 200),
}
ROLES = ["manager_api", "recruiter_api", "admin_api"]


def _do(api, user, action, company):
    job = JobFactory(company=company)
    match = MatchResultFactory(job=job)
    resume = match.resume
    if action == "write a note":
        return api.post(f"/api/v1/resumes/{resume.pk}/notes", {"body": "Solid"}, format="json")
    if action == "record interview feedback":
        interview = InterviewFactory(
            job=job, resume=resume, status="completed", scheduled_at=timezone.now() - timedelta(hours=1)
        )
        interview.interviewers.set([user])
        return api.post(
            f"/api/v1/interviews/{interview.pk}/feedback", {"rating": 4, "recommendation": "yes"}, format="json"
        )
    if action == "change a candidate's status":
        return api.patch(f"/api/v1/jobs/{job.pk}/candidates/{resume.pk}", {"status": "shortlisted"}, format="json")
    if action == "schedule an interview":
        body = {
            "resume_id": str(resume.pk),
            "job_id": str(job.pk),
            "interview_type": "video",
            "scheduled_at": "2030-01-07T09:00:00Z",
        }
        return api.post("/api/v1/interviews", body, format="json")
    if action == "change an interview's status":
        interview = InterviewFactory(job=job, resume=resume)
        return api.patch(f"/api/v1/interviews/{interview.pk}", {"status": "cancelled"}, format="json")
    if action == "create a shared link":
        return api.post("/api/v1/shared-links", {"resume_id": str(resume.pk)}, format="json")
    if action == "revoke a shared link":
        return api.post(f"/api/v1/shared-links/{SharedLinkFactory(resume=resume).pk}/revoke")
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, company, role, action):
    api = request.getfixturevalue(role)
    user = {"manager_api": "hiring_manager", "recruiter_api": "recruiter", "admin_api": "admin_user"}[role]
    response = _do(api, request.getfixturevalue(user), action, company)
    assert response.status_code == MATRIX[action][ROLES.index(role)], (role, action, response.content)
