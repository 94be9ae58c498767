"""Matching with the real embedding model on the real database."""

import pytest

from jobs import services as job_services
from matching import selectors
from matching.explanations import EXPLANATION_VERSION, explanation_of
from matching.models import MatchResult, MatchSource
from matching.tests.conftest import NURSE_RESUME, PYTHON_RESUME
from pipeline import services as pipeline_services
from pipeline.models import StageChange

pytestmark = [pytest.mark.model, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def python_job(company, recruiter):
    return job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Senior Python Backend Engineer",
        description=(
            "Join our payments team to design and build backend services and REST APIs in Python. "
            "You will own Django services, PostgreSQL data models and Redis caching, deployed with Docker on AWS."
        ),
        requirements="5+ years of backend development in Python; Django; PostgreSQL.",
        skills_required=["Python", "Django", "Postgres"],
        skills_nice_to_have=["Redis", "Docker", "Kubernetes"],
        must_have_skills=["Python"],
        min_years_experience=5,
    )


def test_python_resume_ranks_above_a_nurse_and_is_explained(ingest, python_job):
    developer = ingest(PYTHON_RESUME, job=python_job, name="dev.txt")
    nurse = ingest(NURSE_RESUME, job=python_job, name="nurse.txt")
    ranked = list(selectors.ranked_candidates(job=python_job))
    assert [m.resume_id for m in ranked] == [developer.pk, nurse.pk]
    top, bottom = ranked
    assert top.match_score > bottom.match_score + 25
    assert top.similarity_score > bottom.similarity_score
    # Aliases count: the job asked for "Postgres", the resume says PostgreSQL.
    assert {"Python", "Django", "PostgreSQL"} <= set(top.matched_skills)
    assert set(bottom.missing_skills) == {"Python", "Django", "PostgreSQL"}
    explained = explanation_of(top)
    assert top.explanation_data["version"] == EXPLANATION_VERSION and explained.summary == top.explanation
    evidence = {item.skill: item.line for item in explained.matched_skills}
    assert "Django" in evidence["Django"] and evidence["Django"] in PYTHON_RESUME
    assert "Django" in top.explanation and python_job.title in top.explanation
    assert [g["state"] for g in top.gates] == ["met"] and top.meets_all_gates
    assert [g["state"] for g in bottom.gates] == ["not_found"] and not bottom.meets_all_gates
    parts = {part.key: part for part in explained.parts}
    assert parts["similarity"].weight == 0.6 and parts["skills"].weight == 0.4
    assert abs(parts["similarity"].contribution + parts["skills"].contribution - top.match_score) < 1.0
    assert top.experience_score == 100.0


def test_personal_details_never_move_a_score(ingest, python_job):
    original = ingest(PYTHON_RESUME, job=python_job, name="a.txt")
    renamed_text = (
        PYTHON_RESUME.replace("Daniel Okafor", "Priya Raman")
        .replace("daniel.okafor@example.com", "priya.r@mail.example")
        .replace("+1 (312) 555-0147", "+44 20 7946 0958")
        .replace("github.com/dokafor", "github.com/praman")
        .replace("Chicago, IL", "London, UK")
    )
    renamed = ingest(renamed_text, job=python_job, name="b.txt")
    assert renamed.candidate_name == "Priya Raman"
    first = MatchResult.objects.get(job=python_job, resume=original)
    second = MatchResult.objects.get(job=python_job, resume=renamed)
    for field in ("match_score", "similarity_score", "skills_score", "experience_score", "confidence_score"):
        assert getattr(first, field) == pytest.approx(getattr(second, field), abs=1e-6), field


def test_rematch_updates_scores_and_keeps_the_recruiters_status(ingest, python_job, recruiter):
    resume = ingest(PYTHON_RESUME, job=python_job)
    match = MatchResult.objects.get(job=python_job, resume=resume)
    pipeline_services.candidate_set_status(match=match, status="shortlisted", user=recruiter)
    before = match.match_score
    job_services.job_update(
        job=python_job,
        user=recruiter,
        title="Registered Nurse",
        description="Provide patient care in our intensive care unit; medication administration and triage.",
        requirements="",
        skills_required=["Patient Care", "Triage"],
        skills_nice_to_have=[],
        must_have_skills=[],
    )
    match.refresh_from_db()
    assert MatchResult.objects.filter(job=python_job, resume=resume).count() == 1
    assert match.match_score < before - 20
    candidacy = python_job.candidacies.get(resume=resume)
    assert match.status == "shortlisted" and candidacy.stage_changed_by == recruiter
    assert StageChange.objects.filter(candidacy=candidacy, to_stage__name="Interview").count() == 1


def test_saving_a_job_suggests_candidates_from_the_talent_pool(ingest, company, recruiter):
    developer = ingest(PYTHON_RESUME, name="dev.txt")
    ingest(NURSE_RESUME, name="nurse.txt")
    job = job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Django Developer",
        description="Build Django REST APIs backed by PostgreSQL.",
        skills_required=["Django"],
    )
    suggested = list(selectors.ranked_candidates(job=job, suggested_only=True))
    assert suggested[0].resume_id == developer.pk
    assert all(m.source == MatchSource.SUGGESTED for m in suggested)
    assert not selectors.ranked_candidates(job=job).exists()  # suggestions are not candidates yet
    pipeline_services.candidacy_add_from_pool(match=suggested[0], user=recruiter)
    suggested[0].refresh_from_db()
    assert suggested[0].source == MatchSource.ADDED
    assert job.candidacies.get(resume=developer).source == "talent_pool"
    assert [m.resume_id for m in selectors.ranked_candidates(job=job)] == [developer.pk]


def test_semantic_search_over_the_talent_pool(ingest, company):
    developer = ingest(PYTHON_RESUME, name="dev.txt")
    nurse = ingest(NURSE_RESUME, name="nurse.txt")
    results = selectors.semantic_search(company=company, query="backend engineer with payments experience")
    assert [item["resume"].pk for item in results][:2] == [developer.pk, nurse.pk]
    results = selectors.semantic_search(company=company, query="ICU nurse experienced with triage")
    assert results[0]["resume"].pk == nurse.pk


DATA_ENGINEER_RESUME = """Lena Fischer
lena.fischer@example.com | +49 30 1234567 | Berlin

Summary
Data engineer with 6 years of experience building batch and streaming pipelines.

Experience
Data Engineer, Streamly GmbH, 2019 - Present
- Built Airflow and Spark pipelines in Python that load PostgreSQL and S3.
- Wrote dbt models and kept the warehouse tested; on-call for the data platform.

Skills
Python, Airflow, Spark, PostgreSQL, dbt, AWS, Docker
"""


def test_decisions_re_rank_the_undecided_and_can_be_switched_off(ingest, python_job, recruiter):
    developer = ingest(PYTHON_RESUME, job=python_job, name="dev.txt")
    nurse = ingest(NURSE_RESUME, job=python_job, name="nurse.txt")
    engineer = ingest(DATA_ENGINEER_RESUME, job=python_job, name="data.txt")
    undecided = MatchResult.objects.get(job=python_job, resume=engineer)
    plain_score = undecided.match_score
    assert "Re-ranked" not in undecided.explanation

    for resume, status in ((developer, "shortlisted"), (nurse, "rejected")):
        pipeline_services.candidate_set_status(
            match=MatchResult.objects.get(job=python_job, resume=resume), status=status, user=recruiter
        )
    undecided.refresh_from_db()
    assert undecided.explanation_data["feedback_decisions"] == 2
    assert "Re-ranked from your 2 decisions on this job." in undecided.explanation
    # Toward a shortlisted backend developer, away from a rejected nurse: a data engineer rises.
    assert undecided.match_score > plain_score
    # A decided candidate keeps the job's own vector: a decision never feeds its own score.
    shortlisted = MatchResult.objects.get(job=python_job, resume=developer)
    assert "feedback_decisions" not in shortlisted.explanation_data
    assert selectors.feedback_decisions(job=python_job) == 2

    python_job = job_services.job_update(job=python_job, user=recruiter, learn_from_decisions=False)
    undecided.refresh_from_db()
    assert undecided.match_score == pytest.approx(plain_score, abs=1e-6)
    assert "feedback_decisions" not in undecided.explanation_data
    assert selectors.feedback_decisions(job=python_job) == 0


def test_personal_details_never_move_a_score_learnt_from_decisions(ingest, python_job, recruiter):
    nurse = ingest(NURSE_RESUME, job=python_job, name="nurse.txt")
    pipeline_services.candidate_set_status(
        match=MatchResult.objects.get(job=python_job, resume=nurse), status="rejected", user=recruiter
    )
    original = ingest(PYTHON_RESUME, job=python_job, name="a.txt")
    renamed = ingest(
        PYTHON_RESUME.replace("Daniel Okafor", "Priya Raman")
        .replace("daniel.okafor@example.com", "priya.r@mail.example")
        .replace("+1 (312) 555-0147", "+44 20 7946 0958")
        .replace("github.com/dokafor", "github.com/praman")
        .replace("Chicago, IL", "London, UK"),
        job=python_job,
        name="b.txt",
    )
    first = MatchResult.objects.get(job=python_job, resume=original)
    second = MatchResult.objects.get(job=python_job, resume=renamed)
    assert first.explanation_data["feedback_decisions"] == 1
    for field in ("match_score", "similarity_score", "skills_score"):
        assert getattr(first, field) == pytest.approx(getattr(second, field), abs=1e-6), field


def test_criteria_are_judged_against_the_resume_and_explained(ingest, company, recruiter):
    job = job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Senior Python Backend Engineer",
        description="Join our payments team to design and build backend services and REST APIs in Python.",
        skills_required=["Python", "Django"],
        criteria=[
            {"text": "built REST APIs for a payments platform", "kind": "must", "weight": 2},
            {"text": "experienced with Kubernetes", "kind": "nice"},  # names a skill: the taxonomy decides
            {"text": "holds a nursing licence", "kind": "nice"},
        ],
    )
    developer = ingest(PYTHON_RESUME, job=job, name="dev.txt")
    nurse = ingest(NURSE_RESUME, job=job, name="nurse.txt")
    top = MatchResult.objects.get(job=job, resume=developer)
    bottom = MatchResult.objects.get(job=job, resume=nurse)
    states = {item["text"]: item for item in top.explanation_data["criteria"]}
    assert states["built REST APIs for a payments platform"]["state"] == "met"
    assert "payments platform" in states["built REST APIs for a payments platform"]["evidence"]
    assert states["built REST APIs for a payments platform"]["evidence"] in PYTHON_RESUME
    assert states["experienced with Kubernetes"]["state"] == "not_found"
    assert states["holds a nursing licence"]["state"] == "not_found"
    assert top.meets_all_gates and not bottom.meets_all_gates  # the must-have criterion
    assert "It meets 1 of 3 of your criteria (built REST APIs for a payments platform)." in top.explanation
    assert "Must-have criteria “built REST APIs for a payments platform” not found." in bottom.explanation
    parts = {part["key"]: part for part in top.explanation_data["parts"]}
    # Weighted share met: the must-have counts twice its weight of 2 -> 4 of 6.
    assert parts["criteria"]["value"] == 67
    assert sum(part["weight"] for part in parts.values()) == pytest.approx(1.0, abs=0.01)
    assert abs(sum(part["contribution"] for part in parts.values()) - top.match_score) < 1.0


def test_personal_details_never_move_criteria(ingest, company, recruiter):
    job = job_services.job_create(
        company=company,
        created_by=recruiter,
        title="Backend Engineer",
        description="Build payment services in Python.",
        skills_required=["Python"],
        criteria=[{"text": "built REST APIs for a payments platform", "kind": "must"}, {"text": "lives in Chicago"}],
    )
    original = ingest(PYTHON_RESUME, job=job, name="a.txt")
    renamed = ingest(
        PYTHON_RESUME.replace("Daniel Okafor", "Priya Raman")
        .replace("daniel.okafor@example.com", "priya.r@mail.example")
        .replace("+1 (312) 555-0147", "+44 20 7946 0958")
        .replace("github.com/dokafor", "github.com/praman")
        .replace("Chicago, IL", "London, UK"),
        job=job,
        name="b.txt",
    )
    first = MatchResult.objects.get(job=job, resume=original)
    second = MatchResult.objects.get(job=job, resume=renamed)
    assert first.explanation_data["criteria"] == second.explanation_data["criteria"]
    assert first.match_score == pytest.approx(second.match_score, abs=1e-6)
