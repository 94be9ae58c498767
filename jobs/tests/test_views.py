import pytest

from jobs.models import JobDescription
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_create_job_in_the_portal(recruiter_client, company):
    response = recruiter_client.post(
        "/jobs/new/",
        {
            "title": "Financial Analyst",
            "description": "Build financial models in Excel and report variance to leadership.",
            "employment_type": "full_time",
            "skills_required": "Financial Modeling, Microsoft Excel",
            "skills_nice_to_have": "SQL",
            "similarity_weight": "0.6",
            "skills_weight": "0.4",
        },
    )
    job = JobDescription.objects.get(title="Financial Analyst")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.company == company and job.skills_required == ["Financial Modeling", "Microsoft Excel"]
    page = recruiter_client.get(response.url)
    assert b"Financial Analyst" in page.content and b"Microsoft Excel" in page.content


def test_a_must_have_not_listed_as_required_is_kept_in_the_portal(recruiter_client, company):
    response = recruiter_client.post(
        "/jobs/new/",
        {
            "title": "Data Engineer",
            "description": "Pipelines in Python on Kafka.",
            "employment_type": "full_time",
            "skills_required": "Python",
            "must_have_skills": "Python, Kafka",
            "similarity_weight": "0.6",
            "skills_weight": "0.4",
        },
    )
    job = JobDescription.objects.get(title="Data Engineer")
    assert response.status_code == 302
    assert job.must_have_skills == ["Python", "Kafka"] and job.skills_required == ["Python", "Kafka"]
    page = recruiter_client.get(response.url).content.decode()
    assert 'title="Must-have">Kafka<' in page


def test_form_errors_are_shown(recruiter_client):
    response = recruiter_client.post("/jobs/new/", {"title": "", "similarity_weight": "0", "skills_weight": "0"})
    assert response.status_code == 200
    assert b"This field is required" in response.content


def test_list_search_with_htmx_partial(recruiter_client, company):
    JobFactory(company=company, title="Pastry Chef")
    JobFactory(company=company, title="Line Cook")
    response = recruiter_client.get("/jobs/", {"q": "pastry"}, HTTP_HX_REQUEST="true")
    assert b"Pastry Chef" in response.content and b"Line Cook" not in response.content
    assert b"<html" not in response.content  # a partial, not the page


def test_close_and_reopen(recruiter_client, company):
    job = JobFactory(company=company)
    recruiter_client.post(f"/jobs/{job.pk}/close/")
    job.refresh_from_db()
    assert job.status == "closed"
    recruiter_client.post(f"/jobs/{job.pk}/reopen/")
    job.refresh_from_db()
    assert job.status == "open"


def test_hiring_manager_cannot_open_the_form(client, hiring_manager):
    client.force_login(hiring_manager)
    assert client.get("/jobs/new/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "edit/", "close/", "reopen/", "delete/"])
def test_another_companys_job_pages_are_404(outsider_client, company, suffix):
    job = JobFactory(company=company)
    method = outsider_client.get if suffix in ("", "edit/") else outsider_client.post
    assert method(f"/jobs/{job.pk}/{suffix}").status_code == 404


def test_criteria_are_typed_one_per_line_in_the_job_form(recruiter_client, company):
    response = recruiter_client.post(
        "/jobs/new/",
        {
            "title": "Engineering Manager",
            "description": "Lead the payments engineering team.",
            "employment_type": "full_time",
            "similarity_weight": "0.6",
            "skills_weight": "0.4",
            "criteria": "must ×2: Led a team of five or more\nnice: worked in payments\nshipped a mobile app\n",
            "learn_from_decisions": "on",
        },
    )
    assert response.status_code == 302, response.content
    job = JobDescription.objects.get(title="Engineering Manager")
    assert job.criteria == [
        {"text": "Led a team of five or more", "kind": "must", "weight": 2},
        {"text": "worked in payments", "kind": "nice", "weight": 1},
        {"text": "shipped a mobile app", "kind": "nice", "weight": 1},
    ]
    assert job.learn_from_decisions is True
    form = recruiter_client.get(f"/jobs/{job.pk}/edit/").content.decode()
    assert "must ×2: Led a team of five or more" in form and "nice: worked in payments" in form


def test_list_filters_by_status(recruiter_client, company):
    JobFactory(company=company, title="Pastry Chef", status="open")
    JobFactory(company=company, title="Line Cook", status="closed")
    response = recruiter_client.get("/jobs/", {"status": "closed"})
    assert b"Line Cook" in response.content and b"Pastry Chef" not in response.content


@pytest.mark.parametrize("htmx, status", [(False, 400), (True, 200)])
def test_a_bad_filter_is_named_and_nothing_is_listed(recruiter_client, company, htmx, status):
    JobFactory(company=company, title="Pastry Chef")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = recruiter_client.get("/jobs/", {"status": "bogus"}, **headers)
    assert response.status_code == status
    assert "“status”" in response.content.decode() and b"Pastry Chef" not in response.content


def test_the_list_counts_each_jobs_candidates_but_not_its_suggestions(recruiter_client, company):
    from matching.tests.factories import MatchResultFactory

    job = JobFactory(company=company, title="Pastry Chef")
    MatchResultFactory.create_batch(2, job=job)
    MatchResultFactory(job=job, source="suggested")  # not a candidate until a recruiter adds it
    JobFactory(company=company, title="Line Cook")
    page = recruiter_client.get("/jobs/").context["page"]
    assert {job.title: job.candidate_count for job in page} == {"Pastry Chef": 2, "Line Cook": 0}
