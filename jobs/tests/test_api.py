import pytest

from jobs.models import JobDescription
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

NEW_JOB = {
    "title": "Registered Nurse",
    "company": "St. Mary Hospital",
    "description": "Provide patient care on a busy medical-surgical unit.",
    "requirements": "RN license, BLS certification, 2+ years of acute care.",
    "location": "Boston, MA",
    "employment_type": "full_time",
    "skills_required": ["Patient Care", "BLS"],
    "skills_nice_to_have": ["ACLS"],
}


def test_create_list_detail_update(recruiter_api, company):
    created = recruiter_api.post("/api/v1/jobs", NEW_JOB, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["company"] == "St. Mary Hospital"
    assert body["skills_required"] == ["Patient Care", "BLS"]
    assert body["status"] == "open"
    job_id = body["id"]

    listing = recruiter_api.get("/api/v1/jobs", {"search": "nurse"}).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == job_id
    assert set(listing) == {"count", "next", "previous", "results"}

    patched = recruiter_api.patch(f"/api/v1/jobs/{job_id}", {"location": "Remote"}, format="json")
    assert patched.status_code == 200 and patched.json()["location"] == "Remote"
    closed = recruiter_api.post(f"/api/v1/jobs/{job_id}/status", {"status": "closed"}, format="json")
    assert closed.json()["status"] == "closed"


def test_a_must_have_not_listed_as_required_is_kept(recruiter_api, company):
    body = {**NEW_JOB, "must_have_skills": ["BLS", "ACLS", "Triage"]}
    created = recruiter_api.post("/api/v1/jobs", body, format="json")
    assert created.status_code == 201, created.content
    job = created.json()
    assert job["must_have_skills"] == ["BLS", "ACLS", "Triage"]
    assert job["skills_required"] == ["Patient Care", "BLS", "ACLS", "Triage"]
    assert job["skills_nice_to_have"] == []


def test_pagination(recruiter_api, company):
    JobFactory.create_batch(30, company=company)
    first = recruiter_api.get("/api/v1/jobs").json()
    assert first["count"] == 30 and len(first["results"]) == 25 and first["next"]


def test_malformed_body_gets_field_errors(recruiter_api):
    response = recruiter_api.post("/api/v1/jobs", {"title": "", "skills_required": "Python"}, format="json")
    assert response.status_code == 400
    assert "title" in response.json() and "description" in response.json()
    garbage = recruiter_api.post("/api/v1/jobs", "{not json", content_type="application/json")
    assert garbage.status_code == 400 and "detail" in garbage.json()


def test_hiring_manager_reads_but_cannot_write(manager_api, company):
    job = JobFactory(company=company)
    assert manager_api.get(f"/api/v1/jobs/{job.pk}").status_code == 200
    assert manager_api.post("/api/v1/jobs", NEW_JOB, format="json").status_code == 403
    assert manager_api.patch(f"/api/v1/jobs/{job.pk}", {"title": "x"}, format="json").status_code == 403


def test_only_admins_delete(recruiter_api, admin_api, company):
    job = JobFactory(company=company)
    assert recruiter_api.delete(f"/api/v1/jobs/{job.pk}").status_code == 403
    assert admin_api.delete(f"/api/v1/jobs/{job.pk}").status_code == 204
    assert not JobDescription.objects.filter(pk=job.pk).exists()


def test_another_companys_job_is_404_everywhere(outsider_api, company):
    job = JobFactory(company=company)
    for method, url in [
        ("get", f"/api/v1/jobs/{job.pk}"),
        ("patch", f"/api/v1/jobs/{job.pk}"),
        ("delete", f"/api/v1/jobs/{job.pk}"),
        ("post", f"/api/v1/jobs/{job.pk}/status"),
    ]:
        response = getattr(outsider_api, method)(url, {"status": "closed"}, format="json")
        assert response.status_code == 404, (method, url)
    assert outsider_api.get("/api/v1/jobs").json()["count"] == 0
    assert JobDescription.objects.get(pk=job.pk).status == "open"


def test_anonymous_and_expired_tokens_are_refused(api_client, recruiter):
    from datetime import timedelta

    from rest_framework_simplejwt.tokens import AccessToken

    assert api_client.get("/api/v1/jobs").status_code == 401
    token = AccessToken.for_user(recruiter)
    token.set_exp(lifetime=-timedelta(minutes=1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get("/api/v1/jobs")
    assert response.status_code == 401


def test_candidate_count_leaves_out_talent_pool_suggestions(recruiter_api, company):
    from matching.tests.factories import MatchResultFactory

    job = JobFactory(company=company)
    MatchResultFactory(job=job)
    MatchResultFactory(job=job, source="suggested")
    [row] = recruiter_api.get("/api/v1/jobs").json()["results"]
    assert row["candidate_count"] == 1


def test_criteria_are_written_and_read_through_the_api(recruiter_api):
    body = {
        **NEW_JOB,
        "criteria": [
            {"text": "  Led a team of five or more ", "kind": "must", "weight": 2},
            "worked in a trauma centre",
            {"text": "led a team of five or more"},  # a duplicate, case aside
        ],
    }
    created = recruiter_api.post("/api/v1/jobs", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["criteria"] == [
        {"text": "Led a team of five or more", "kind": "must", "weight": 2},
        {"text": "worked in a trauma centre", "kind": "nice", "weight": 1},
    ]
    assert created.json()["learn_from_decisions"] is True
    refused = recruiter_api.patch(
        f"/api/v1/jobs/{created.json()['id']}", {"criteria": [{"text": "x", "kind": "ideally"}]}, format="json"
    )
    assert refused.status_code == 400 and "criteria" in refused.json()
    refused = recruiter_api.patch(
        f"/api/v1/jobs/{created.json()['id']}", {"criteria": [{"text": "x", "weight": 9}]}, format="json"
    )
    assert refused.status_code == 400 and "criteria" in refused.json()


def test_list_filters_by_status_and_search(recruiter_api, company):
    JobFactory(company=company, title="Pastry Chef", status="open")
    JobFactory(company=company, title="Line Cook", status="closed")
    closed = recruiter_api.get("/api/v1/jobs", {"status": "closed"}).json()
    assert [job["title"] for job in closed["results"]] == ["Line Cook"]
    searched = recruiter_api.get("/api/v1/jobs", {"search": "pastry"}).json()
    assert [job["title"] for job in searched["results"]] == ["Pastry Chef"]


def test_a_bad_filter_value_is_a_400_naming_it(recruiter_api, company):
    JobFactory(company=company)
    response = recruiter_api.get("/api/v1/jobs", {"status": "bogus"})
    assert response.status_code == 400
    assert "status" in response.json() and "bogus" in response.json()["status"][0]


def test_a_jobs_candidate_count_reads_the_same_in_the_list_and_its_detail(recruiter_api, company):
    from matching.tests.factories import MatchResultFactory

    job = JobFactory(company=company)
    MatchResultFactory(job=job)
    MatchResultFactory(job=job, source="suggested")
    MatchResultFactory(job__company=company)  # another job's candidate
    [listed] = [row for row in recruiter_api.get("/api/v1/jobs").json()["results"] if row["id"] == str(job.pk)]
    detail = recruiter_api.get(f"/api/v1/jobs/{job.pk}").json()
    assert listed["candidate_count"] == detail["candidate_count"] == 1
    saved = recruiter_api.patch(f"/api/v1/jobs/{job.pk}", {"location": "Remote"}, format="json").json()
    assert saved["candidate_count"] == 1
