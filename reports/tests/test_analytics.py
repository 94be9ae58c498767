"""Recruiting analytics: the overview and per-job numbers, their API, and the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from interviews.tests.factories import InterviewFactory
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from pipeline.models import StageChange
from reports import analytics
from reports.views import score_chart
from resumes.models import Resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def hiring(company: Any, recruiter: Any) -> Any:
    """One open job with five candidates, one suggestion, one closed job; shortlistings 10 h and 30 h after upload."""
    job = JobFactory(company=company, title="Backend Engineer")
    JobFactory(company=company, title="Old role", status="closed")
    scores = [95.0, 81.0, 55.0, 12.0, 100.0]
    statuses = ["shortlisted", "shortlisted", "maybe", "rejected", "pending"]
    missing = [[], ["Kubernetes"], ["Kubernetes", "Go"], ["Kubernetes", "Go", "AWS"], ["AWS"]]
    matches = []
    for score, status, gaps in zip(scores, statuses, missing):
        matches.append(
            MatchResultFactory(job=job, company=company, match_score=score, status=status, missing_skills=gaps)
        )
    MatchResultFactory(job=job, company=company, match_score=99, source="suggested", missing_skills=["Rust"])
    uploaded = timezone.now() - timedelta(days=3)
    Resume.objects.filter(company=company).update(created_at=uploaded)

    def entered(match: Any, hours: Any, by: Any = None) -> None:
        candidacy = job.candidacies.get(resume=match.resume)
        StageChange.objects.create(
            company=company,
            candidacy=candidacy,
            from_stage=candidacy.stage,
            to_stage=candidacy.stage,
            by=by,
            at=uploaded + timedelta(hours=hours),
        )

    for match, hours in ((matches[0], 10), (matches[1], 30)):
        entered(match, hours, recruiter)
    # A later re-shortlisting does not move the first one.
    entered(matches[0], 60)
    InterviewFactory(job=job, resume=matches[0].resume, company=company, scheduled_at=timezone.now())
    InterviewFactory(
        job=job, resume=matches[0].resume, company=company, scheduled_at=timezone.now() + timedelta(days=30)
    )
    return job


def test_overview_counts_the_companys_hiring(company: Any, hiring: Any, other_company: Any) -> None:
    MatchResultFactory(job=JobFactory(company=other_company), company=other_company, status="shortlisted")
    overview = analytics.overview(company)
    assert overview["open_jobs"] == 1
    assert overview["candidates"] == 6
    assert overview["time_to_first_shortlist"] == {"median_hours": 20.0, "shortlisted": 2}
    [row] = overview["funnel"]
    assert row["title"] == "Backend Engineer" and row["candidates"] == 5
    assert row["by_status"] == {"pending": 1, "maybe": 1, "shortlisted": 2, "rejected": 1}
    assert row["interviewed"] == 1


def test_interviews_this_week_run_monday_to_sunday_and_skip_cancelled(company: Any) -> None:
    wednesday = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    for when, status in [
        (datetime(2026, 3, 2, 0, 30, tzinfo=UTC), "scheduled"),  # Monday
        (datetime(2026, 3, 8, 23, 0, tzinfo=UTC), "completed"),  # Sunday
        (datetime(2026, 3, 5, 9, 0, tzinfo=UTC), "cancelled"),
        (datetime(2026, 3, 9, 9, 0, tzinfo=UTC), "scheduled"),  # next Monday
        (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), "scheduled"),  # last Sunday
    ]:
        InterviewFactory(job=JobFactory(company=company), company=company, scheduled_at=when, status=status)
    assert analytics.interviews_this_week(company, now=wednesday) == 2


def test_job_analytics_histogram_and_missing_skills(hiring: Any) -> None:
    stats = analytics.job_analytics(hiring)
    assert stats["candidates"] == 5  # the suggestion is not an applicant
    counts = {bucket["low"]: bucket["count"] for bucket in stats["score_distribution"]}
    assert len(counts) == 10 and sum(counts.values()) == 5
    assert counts[90] == 2  # 95 and exactly 100
    assert counts[80] == 1 and counts[50] == 1 and counts[10] == 1 and counts[0] == 0
    assert stats["missing_skills"][0] == {"skill": "Kubernetes", "missing": 3, "share": 0.6}
    assert {item["skill"] for item in stats["missing_skills"]} == {"Kubernetes", "Go", "AWS"}
    assert stats["time_to_first_shortlist"]["median_hours"] == 20.0


def test_a_job_without_candidates_has_empty_analytics(company: Any) -> None:
    stats = analytics.job_analytics(JobFactory(company=company))
    assert stats["candidates"] == 0 and stats["missing_skills"] == []
    assert stats["time_to_first_shortlist"] == {"median_hours": None, "shortlisted": 0}
    assert all(bucket["count"] == 0 for bucket in stats["score_distribution"])


def test_score_chart_scales_bars_to_the_tallest() -> None:
    chart = score_chart(
        [{"low": i * 10, "high": i * 10 + 10, "count": c} for i, c in enumerate([0, 1, 4, 2, 0, 0, 0, 0, 0, 0])]
    )
    heights = [bar["height"] for bar in chart["bars"]]
    tallest = heights[2]
    assert 0.8 * chart["baseline"] < tallest < chart["baseline"]  # room for its count above it
    assert heights[1] == tallest / 4 and heights[0] == 0
    assert all(bar["count_y"] > 0 for bar in chart["bars"])
    assert all(bar["y"] + bar["height"] == chart["baseline"] for bar in chart["bars"])


def test_overview_api(recruiter_api: Any, hiring: Any) -> None:
    response = recruiter_api.get("/api/v1/analytics/overview")
    assert response.status_code == 200
    body = response.json()
    assert body["open_jobs"] == 1 and body["funnel"][0]["job_id"] == str(hiring.pk)
    assert body["time_to_first_shortlist"]["median_hours"] == 20.0


def test_job_analytics_api_is_tenant_scoped(
    recruiter_api: Any, manager_api: Any, outsider_api: Any, hiring: Any
) -> None:
    url = f"/api/v1/jobs/{hiring.pk}/analytics"
    response = recruiter_api.get(url)
    assert response.status_code == 200
    assert response.json()["missing_skills"][0]["skill"] == "Kubernetes"
    assert manager_api.get(url).status_code == 200
    assert outsider_api.get(url).status_code == 404
    assert outsider_api.get("/api/v1/analytics/overview").json()["open_jobs"] == 0


def test_analytics_api_needs_a_signed_in_user(api_client: Any, hiring: Any) -> None:
    assert api_client.get("/api/v1/analytics/overview").status_code == 401
    assert api_client.get(f"/api/v1/jobs/{hiring.pk}/analytics").status_code == 401


def test_dashboard_shows_the_numbers_the_funnel_and_the_chart(recruiter_client: Any, hiring: Any) -> None:
    response = recruiter_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stat-open-jobs">1<' in html
    assert 'id="stat-time-to-shortlist">20.0 h<' in html
    assert "Backend Engineer" in html and "Kubernetes" in html
    assert html.count("<rect ") == 10
    assert '<meter min="0" max="1" value="0.6">' in html


def test_dashboard_switches_job_with_an_htmx_partial(recruiter_client: Any, company: Any, hiring: Any) -> None:
    other = JobFactory(company=company, title="Data Analyst")
    MatchResultFactory(job=other, company=company, missing_skills=["SQL"])
    response = recruiter_client.get("/", {"job": str(other.pk)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="job-analytics"')
    assert "Data Analyst" in html and "SQL" in html and "Kubernetes" not in html
    assert "<h1>" not in html


def test_dashboard_never_shows_another_companys_job(recruiter_client: Any, outsider: Any, other_company: Any) -> None:
    theirs = JobFactory(company=other_company, title="Secret Role")
    MatchResultFactory(job=theirs, company=other_company, missing_skills=["Secret Skill"])
    response = recruiter_client.get("/", {"job": str(theirs.pk)})
    # A 404 like an unknown job, rather than a dashboard that looks chosen.
    assert response.status_code == 404 and "Secret" not in response.content.decode()
    unknown = recruiter_client.get("/", {"job": "00000000-0000-0000-0000-0000000000ff"})
    assert unknown.status_code == 404
    malformed = recruiter_client.get("/", {"job": "not-a-uuid"})
    assert malformed.status_code == 400 and "“job”" in malformed.content.decode()
    partial = recruiter_client.get("/", {"job": "not-a-uuid"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "“job”" in partial.content.decode()


def test_dashboard_opens_on_the_open_job_with_most_applicants(recruiter_client: Any, company: Any, hiring: Any) -> None:
    JobFactory(company=company, title="Brand New Role")  # newer, but nobody applied yet
    html = recruiter_client.get("/").content.decode()
    assert f'Score distribution: <a href="/jobs/{hiring.pk}/">Backend Engineer</a>' in html
    empty = JobFactory(company=company, title="Empty Role")
    html = recruiter_client.get("/", {"job": str(empty.pk)}).content.decode()
    assert "<svg" not in html and "no candidates yet" in html


def test_stage_conversion_time_in_stage_and_time_to_hire(
    company: Any, recruiter: Any, recruiter_client: Any, recruiter_api: Any
) -> None:
    from pipeline.models import Candidacy, Stage
    from pipeline.services import candidacy_move

    job = JobFactory(company=company, title="Platform Engineer")
    stage = {s.name: s for s in Stage.objects.filter(company=company, job=None)}
    start = timezone.now() - timedelta(days=30)
    candidacies = []
    for _ in range(4):
        match = MatchResultFactory(job=job, company=company, status="pending")
        candidacies.append(Candidacy.objects.get(job=job, resume=match.resume))
    StageChange.objects.filter(candidacy__job=job).update(at=start)

    def move(candidacy: Any, name: Any, days: Any) -> None:
        candidacy_move(user=recruiter, candidacy=candidacy, stage=stage[name])
        StageChange.objects.filter(candidacy=candidacy, to_stage=stage[name]).update(at=start + timedelta(days=days))

    # Two reach the screen (after 1 and 3 days); one goes on to be hired 10 days after arriving,
    # by way of Interview and Offer; one is rejected at the screen; two never move.
    move(candidacies[0], "Screen", 1)
    move(candidacies[0], "Interview", 2)
    move(candidacies[0], "Offer", 5)
    move(candidacies[0], "Hired", 10)
    move(candidacies[1], "Screen", 3)
    move(candidacies[1], "Rejected", 4)

    stats = analytics.job_analytics(job)["pipeline"]
    rows = {row["name"]: row for row in stats["stages"]}
    assert [row["name"] for row in stats["stages"]] == [
        "Applied",
        "Screen",
        "Interview",
        "Offer",
        "Hired",
        "Rejected",
        "Withdrawn",
    ]
    assert {name: rows[name]["reached"] for name in ("Applied", "Screen", "Interview", "Offer", "Hired")} == {
        "Applied": 4,
        "Screen": 2,
        "Interview": 1,
        "Offer": 1,
        "Hired": 1,
    }
    assert rows["Screen"]["conversion"] == 0.5 and rows["Interview"]["conversion"] == 0.5
    assert rows["Applied"]["conversion"] is None and rows["Rejected"]["reached"] is None
    assert {name: rows[name]["current"] for name in rows} == {
        "Applied": 2,
        "Screen": 0,
        "Interview": 0,
        "Offer": 0,
        "Hired": 1,
        "Rejected": 1,
        "Withdrawn": 0,
    }
    # Applied: left after 1 and 3 days (the two still there have not finished); Screen: 1 day each.
    assert rows["Applied"]["median_hours_in_stage"] == 48.0 and rows["Applied"]["stays"] == 2
    assert rows["Screen"]["median_hours_in_stage"] == 24.0 and rows["Offer"]["median_hours_in_stage"] == 120.0
    assert stats["time_to_hire"] == {"median_days": 10.0, "hired": 1}
    # The company's view over the jobs that use its pipeline says the same here.
    assert analytics.overview(company)["pipeline"] == stats

    body = recruiter_api.get(f"/api/v1/jobs/{job.pk}/analytics").json()
    assert body["pipeline"]["time_to_hire"]["median_days"] == 10.0
    assert recruiter_api.get("/api/v1/analytics/overview").json()["pipeline"]["stages"][1]["conversion"] == 0.5
    page = recruiter_client.get(f"/?job={job.pk}").content.decode()
    assert 'id="company-pipeline"' in page and 'id="job-pipeline"' in page
    assert '<strong class="time-to-hire">10.0 days</strong>' in page and "50%" in page


def test_time_in_stage_after_a_merge_follows_each_history(company: Any, recruiter: Any) -> None:
    # Two records of one person were candidates for the same job; the merge keeps one
    # candidacy with both histories. Each stay ends when its own history leaves the stage.
    from merging.services import candidates_merge
    from pipeline.models import Candidacy, Stage
    from pipeline.services import candidacy_move

    job = JobFactory(company=company)
    stage = {s.name: s for s in Stage.objects.filter(company=company, job=None)}
    start = timezone.now() - timedelta(days=30)
    kept, other = (MatchResultFactory(job=job, company=company, status="pending").resume for _ in range(2))
    first, second = (Candidacy.objects.get(job=job, resume=r) for r in (kept, other))

    def at(candidacy: Any, name: Any, days: float) -> None:
        if name != "Applied":
            candidacy_move(user=recruiter, candidacy=candidacy, stage=stage[name])
        StageChange.objects.filter(candidacy=candidacy, to_stage=stage[name]).update(at=start + timedelta(days=days))

    at(first, "Applied", 0)
    at(second, "Applied", 1)
    at(first, "Screen", 2)  # 2 days in Applied
    at(second, "Interview", 5)  # 4 days in Applied
    at(second, "Offer", 6)  # 1 day in Interview
    candidates_merge(kept=kept, merged=other, user=recruiter)
    assert Candidacy.objects.filter(job=job).count() == 1

    rows = {row["name"]: row for row in analytics.job_analytics(job)["pipeline"]["stages"]}
    assert rows["Applied"]["stays"] == 2 and rows["Applied"]["median_hours_in_stage"] == 72.0  # 2 and 4 days
    assert rows["Screen"]["stays"] == 0  # the first history is still in Screen: not finished
    assert rows["Interview"]["stays"] == 1 and rows["Interview"]["median_hours_in_stage"] == 24.0
