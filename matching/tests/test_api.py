import csv
import io

import pytest
import yaml

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from matching.tests.factories import MatchResultFactory
from pipeline.models import StageChange
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_with_candidates(company):
    job = JobFactory(company=company, must_have_skills=["Python"])
    MatchResultFactory(job=job, match_score=81, resume__candidate_name="Ada", matched_skills=["Python", "Django"])
    MatchResultFactory(job=job, match_score=55, resume__candidate_name="Bo", status="rejected", meets_all_gates=False)
    MatchResultFactory(job=job, match_score=90, resume__candidate_name="Cy", source="suggested")
    return job


def test_ranked_candidates_contract(recruiter_api, job_with_candidates):
    response = recruiter_api.get(f"/api/v1/jobs/{job_with_candidates.pk}/candidates")
    assert response.status_code == 200
    body = response.json()
    assert [row["candidate_name"] for row in body["results"]] == ["Ada", "Bo"]
    row = body["results"][0]
    for field in (
        "resume_id",
        "candidate_name",
        "match_score",
        "skills_score",
        "similarity_score",
        "status",
        "matched_skills",
        "missing_skills",
        "explanation",
        "source",
    ):
        assert field in row


@pytest.mark.parametrize(
    "params, names",
    [
        ({"status": "rejected"}, ["Bo"]),
        ({"min_score": "60"}, ["Ada"]),
        ({"meets_gates": "1"}, ["Ada"]),
        ({"include_suggested": "1"}, ["Cy", "Ada", "Bo"]),
        ({"sort": "name"}, ["Ada", "Bo"]),
    ],
)
def test_candidate_filters(recruiter_api, job_with_candidates, params, names):
    body = recruiter_api.get(f"/api/v1/jobs/{job_with_candidates.pk}/candidates", params).json()
    assert [row["candidate_name"] for row in body["results"]] == names


@pytest.mark.parametrize(
    "params, field",
    [
        ({"min_score": "abc"}, "min_score"),
        ({"status": "bogus"}, "status"),
        ({"stage": "not-a-uuid"}, "stage"),
        ({"meets_gates": "maybe"}, "meets_gates"),
        ({"include_suggested": "maybe"}, "include_suggested"),
        ({"sort": "luck"}, "sort"),
        ({"resume": "nope"}, "resume"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(recruiter_api, job_with_candidates, params, field):
    for path in ("candidates", "candidates/export"):
        response = recruiter_api.get(f"/api/v1/jobs/{job_with_candidates.pk}/{path}", params)
        assert response.status_code == 400 and field in response.json(), (path, response.content)


def test_a_stage_filter_naming_no_stage_of_the_company_is_a_404(recruiter_api, job_with_candidates):
    for path in ("candidates", "candidates/export"):
        response = recruiter_api.get(
            f"/api/v1/jobs/{job_with_candidates.pk}/{path}", {"stage": "00000000-0000-0000-0000-0000000000ff"}
        )
        assert response.status_code == 404, (path, response.content)


def test_the_schema_describes_the_candidate_filters(recruiter_api):
    schema = yaml.safe_load(recruiter_api.get("/api/v1/schema/").content)
    for path in ("/api/v1/jobs/{job_id}/candidates/", "/api/v1/jobs/{job_id}/candidates/export/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert {
            "status",
            "stage",
            "min_score",
            "skill",
            "q",
            "resume",
            "meets_gates",
            "include_suggested",
            "sort",
        } <= set(parameters), path
        assert parameters["min_score"]["schema"]["type"] == "number"
        assert parameters["stage"]["schema"]["format"] == "uuid"
        assert parameters["resume"]["schema"]["type"] == "array" and parameters["resume"]["explode"] is True
        assert parameters["meets_gates"]["schema"]["type"] == "boolean"
        assert set(parameters["sort"]["schema"]["enum"]) == {
            "score",
            "similarity",
            "skills",
            "experience",
            "name",
            "recent",
            "status",
        }


def test_skill_filter_uses_the_resumes_skills_and_aliases(recruiter_api, company):
    job = JobFactory(company=company)
    MatchResultFactory(job=job, resume__candidate_name="Pg", resume__skill_names=["PostgreSQL"])
    MatchResultFactory(job=job, resume__candidate_name="My", resume__skill_names=["MySQL"])
    body = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates", {"skill": "postgres"}).json()
    assert [row["candidate_name"] for row in body["results"]] == ["Pg"]


def test_status_change_records_who_and_when(recruiter_api, recruiter, job_with_candidates):
    match = MatchResult.objects.get(resume__candidate_name="Ada")
    url = f"/api/v1/jobs/{job_with_candidates.pk}/candidates/{match.resume_id}"
    response = recruiter_api.patch(url, {"status": "shortlisted"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "shortlisted"
    assert response.json()["status_updated_by"] == recruiter.email
    change = StageChange.objects.get(
        candidacy__job=job_with_candidates, candidacy__resume=match.resume, from_stage__isnull=False
    )
    assert change.by == recruiter and change.to_stage.name == "Interview"
    assert response.json()["stage"]["name"] == "Interview"
    bad = recruiter_api.patch(url, {"status": "hired!"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()


def test_hiring_manager_cannot_change_status(manager_api, job_with_candidates):
    match = MatchResult.objects.get(resume__candidate_name="Ada")
    url = f"/api/v1/jobs/{job_with_candidates.pk}/candidates/{match.resume_id}"
    assert manager_api.get(url).status_code == 200
    assert manager_api.patch(url, {"status": "shortlisted"}, format="json").status_code == 403
    assert manager_api.get(url).json()["status"] == "pending"


def test_resume_matches(recruiter_api, job_with_candidates):
    match = MatchResult.objects.get(resume__candidate_name="Ada")
    rows = recruiter_api.get(f"/api/v1/resumes/{match.resume_id}/matches").json()["results"]
    assert [row["job_title"] for row in rows] == [job_with_candidates.title]


def test_export_csv_escapes_formulas(recruiter_api, company):
    job = JobFactory(company=company)
    MatchResultFactory(job=job, resume__candidate_name='=HYPERLINK("http://evil")', resume__email="@x")
    response = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates/export", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Rank", "Candidate", "Email", "Overall score"]
    assert rows[1][1].startswith("'=") and rows[1][2] == "'@x"


def test_export_xlsx(recruiter_api, job_with_candidates):
    from openpyxl import load_workbook

    response = recruiter_api.get(
        f"/api/v1/jobs/{job_with_candidates.pk}/candidates/export", {"format": "xlsx", "status": "rejected"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][1] == "Bo" and sheet.max_row == 2


def test_export_xlsx_keeps_text_exact_and_never_a_formula(recruiter_api, company):
    from openpyxl import load_workbook

    job = JobFactory(company=company)
    MatchResultFactory(job=job, resume__candidate_name='=HYPERLINK("http://evil")', resume__email="@x")
    response = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates/export", {"format": "xlsx"})
    row = load_workbook(io.BytesIO(response.content)).active[2]
    name, email = row[1], row[2]
    # The cell shows what the candidate wrote (no literal leading quote), stored as
    # text with Excel's quote-prefix style, so it is never evaluated.
    assert (name.value, name.data_type, name.quotePrefix) == ('=HYPERLINK("http://evil")', "s", True)
    assert (email.value, email.data_type, email.quotePrefix) == ("@x", "s", True)
    assert row[9].value == "Pending" and not row[9].quotePrefix


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v1/jobs/{job}/candidates"),
        ("get", "/api/v1/jobs/{job}/candidates/{resume}"),
        ("patch", "/api/v1/jobs/{job}/candidates/{resume}"),
        ("get", "/api/v1/jobs/{job}/candidates/export"),
        ("get", "/api/v1/jobs/{job}/quality"),
        ("get", "/api/v1/resumes/{resume}/matches"),
        ("post", "/api/v1/resumes/{resume}/match-open-jobs"),
    ],
)
def test_another_companys_matches_are_404(outsider_api, company, method, path):
    match = MatchResultFactory(job=JobFactory(company=company))
    url = path.format(job=match.job_id, resume=match.resume_id)
    assert getattr(outsider_api, method)(url, {"status": "rejected"}, format="json").status_code == 404


def test_search_is_scoped_to_the_company(outsider_api, recruiter_api, company):
    ResumeFactory(company=company, embedding=[1.0] + [0.0] * 383, skill_names=["Python"])
    assert outsider_api.post("/api/v1/matching/search", {"query": "python"}, format="json").json()["results"] == []
    results = recruiter_api.post("/api/v1/matching/search", {"query": "python"}, format="json").json()["results"]
    assert len(results) == 1
    assert recruiter_api.post("/api/v1/matching/search", {}, format="json").status_code == 400


def test_job_quality_is_the_panels_data(manager_api, company):
    job = JobFactory(company=company, must_have_skills=["Kubernetes"], skills_required=["Python", "Pythn"])
    gates = [{"skill": "Kubernetes", "state": "not_found", "evidence": ""}]
    MatchResultFactory(
        job=job,
        match_score=80,
        gates=gates,
        matched_skills=["Python"],
        resume__text_quality=0.9,
        explanation_data={"unknown_skills": ["Pythn"]},
    )
    MatchResultFactory(
        job=job,
        match_score=78,
        gates=gates,
        matched_skills=[],
        resume__text_quality=0.2,
        explanation_data={"unknown_skills": ["Pythn"]},
    )
    MatchResultFactory(job=job, match_score=99, source="suggested")  # a suggestion is no candidate yet
    response = manager_api.get(f"/api/v1/jobs/{job.pk}/quality")  # reading is enough: a hiring manager may
    assert response.status_code == 200
    body = response.json()
    assert body["job_id"] == str(job.pk)
    assert (body["candidates"], body["readable"], body["readable_share"]) == (2, 1, 0.5)
    assert body["top_gap"] == 2.0
    assert body["must_haves_nobody_meets"] == ["Kubernetes"]
    assert body["unknown_spellings"] == ["Pythn"]
    assert len(body["suggestions"]) == 2 and "Kubernetes" in body["suggestions"][0]
    assert body["feedback_decisions"] == 0


def test_job_quality_without_candidates(recruiter_api, company):
    job = JobFactory(company=company)
    body = recruiter_api.get(f"/api/v1/jobs/{job.pk}/quality").json()
    assert body["candidates"] == 0 and body["readable_share"] is None and body["suggestions"] == []


def test_job_quality_is_in_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/jobs/{job_id}/quality/"]["get"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert response.endswith("/JobQuality")
    assert "must_haves_nobody_meets" in schema["components"]["schemas"]["JobQuality"]["properties"]
