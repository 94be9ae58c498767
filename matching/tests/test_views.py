import pytest

from jobs.tests.factories import JobFactory
from matching.models import MatchResult
from matching.tests.factories import MatchResultFactory

pytestmark = pytest.mark.django_db


def test_job_page_panel_lists_candidates_by_score(recruiter_client, company):
    job = JobFactory(company=company)
    MatchResultFactory(job=job, match_score=40, resume__candidate_name="Low")
    MatchResultFactory(job=job, match_score=90, resume__candidate_name="High")
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert html.index("High") < html.index("Low")


def test_inline_status_change_returns_the_row(recruiter_client, company):
    match = MatchResultFactory(job=JobFactory(company=company))
    response = recruiter_client.post(
        f"/matching/matches/{match.pk}/status/", {"status": "maybe"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b'data-status="maybe"' in response.content
    assert match.job.candidacies.get(resume=match.resume).stage.name == "Screen"


def test_explanation_on_demand(recruiter_client, company):
    match = MatchResultFactory(
        job=JobFactory(company=company),
        explanation="Ada is a strong match.",
        explanation_data={"parts": [{"label": "Content similarity", "value": 70, "weight": 0.6, "contribution": 42}]},
    )
    html = recruiter_client.get(f"/matching/matches/{match.pk}/why/").content.decode()
    assert "Ada is a strong match." in html and "Content similarity" in html


def test_skill_suggestions_for_a_description(recruiter_client):
    response = recruiter_client.post(
        "/matching/suggest-skills/",
        {"description": "We use Python, Django and Postgres on AWS.", "skills_required": "Python"},
    )
    html = response.content.decode()
    assert 'data-add-skill="Django"' in html and 'data-add-skill="PostgreSQL"' in html
    assert 'data-add-skill="Python"' not in html


def test_hiring_manager_cannot_change_status(client, hiring_manager, company):
    client.force_login(hiring_manager)
    match = MatchResultFactory(job=JobFactory(company=company))
    assert client.post(f"/matching/matches/{match.pk}/status/", {"status": "rejected"}).status_code == 403
    assert MatchResult.objects.get(pk=match.pk).status == "pending"


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/matching/jobs/{job}/candidates/"),
        ("get", "/matching/jobs/{job}/candidates/export/"),
        ("post", "/matching/matches/{match}/status/"),
        ("post", "/matching/matches/{match}/add/"),
        ("get", "/matching/matches/{match}/why/"),
        ("get", "/matching/candidates/{resume}/matches/"),
        ("get", "/matching/candidates/{resume}/text/"),
        ("post", "/matching/candidates/{resume}/match-open-jobs/"),
    ],
)
def test_another_companys_matching_pages_are_404(outsider_client, company, method, path):
    match = MatchResultFactory(job=JobFactory(company=company))
    url = path.format(job=match.job_id, match=match.pk, resume=match.resume_id)
    assert getattr(outsider_client, method)(url).status_code == 404


def test_resume_text_highlights_skills_and_those_a_job_asks_for(recruiter_client, company):
    match = MatchResultFactory(
        job=JobFactory(company=company, skills_required=["Postgres"], skills_nice_to_have=[]),
        resume__content="Built <APIs> in Python on PostgreSQL.",
    )
    html = recruiter_client.get(f"/matching/candidates/{match.resume_id}/text/").content.decode()
    assert '<mark class="matched" title="PostgreSQL">PostgreSQL</mark>' in html
    assert '<mark title="Python">Python</mark>' in html
    assert "&lt;APIs&gt;" in html and "<APIs>" not in html


def test_panel_says_the_ranking_learns_from_decisions_and_how_to_switch_it_off(recruiter_client, company):
    job = JobFactory(company=company)
    MatchResultFactory(job=job, status="shortlisted")
    MatchResultFactory(job=job, status="rejected")
    MatchResultFactory(job=job, status="pending")
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert "re-ranked from your 2 decisions" in html and f"/jobs/{job.pk}/edit/" in html
    job.learn_from_decisions = False
    job.save()
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert "re-ranked from your" not in html


def test_explanation_lists_criteria_with_the_line_behind_a_met_one(recruiter_client, company):
    match = MatchResultFactory(
        job=JobFactory(company=company),
        explanation="Ada is a strong match.",
        explanation_data={
            "parts": [],
            "criteria": [
                {
                    "text": "worked on a payments platform",
                    "kind": "must",
                    "weight": 2,
                    "state": "met",
                    "evidence": "Built REST APIs for a payments platform.",
                },
                {
                    "text": "led a team of five or more",
                    "kind": "nice",
                    "weight": 1,
                    "state": "not_found",
                    "evidence": "",
                },
            ],
        },
    )
    html = recruiter_client.get(f"/matching/matches/{match.pk}/why/").content.decode()
    assert "Your criteria" in html and "worked on a payments platform" in html and "(×2)" in html
    assert "<q>Built REST APIs for a payments platform.</q>" in html
    assert "led a team of five or more: not found" in html


def test_quality_panel_says_how_sure_the_ranking_is_and_what_to_change(recruiter_client, company):
    job = JobFactory(company=company, skills_required=["Python", "Djangoo"], must_have_skills=["Python"])
    for index, score in enumerate([81, 80, 79, 78]):
        MatchResultFactory(
            job=job,
            match_score=score,
            matched_skills=[],
            gates=[{"skill": "Python", "state": "not_found", "evidence": ""}],
            explanation_data={
                "criteria": [{"text": "led a team of five", "kind": "must", "state": "not_found"}],
                "unknown_skills": ["Djangoo"],
            },
            **({"resume__text_quality": 0.2} if index == 0 else {}),
        )
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert "3 of 4 resumes could be read" in html
    assert "The top of the list is close" in html and "within 3 points" in html
    assert "2 must-haves no candidate meets." in html
    assert "Nobody shows the must-have “Python”" in html and "Nobody shows the must-have “led a team of five”" in html
    assert "No resume shows “Djangoo”" in html


def test_quality_panel_is_quiet_when_every_must_have_is_met(recruiter_client, company):
    job = JobFactory(company=company, skills_required=["Python"])
    MatchResultFactory(
        job=job, match_score=90, matched_skills=["Python"], gates=[{"skill": "Python", "state": "met", "evidence": "x"}]
    )
    MatchResultFactory(job=job, match_score=40, matched_skills=[])
    html = recruiter_client.get(f"/matching/jobs/{job.pk}/candidates/", HTTP_HX_REQUEST="true").content.decode()
    assert "Every must-have is met by at least one candidate." in html and "spread over 50 points" in html
    assert "What to change in the job" not in html
