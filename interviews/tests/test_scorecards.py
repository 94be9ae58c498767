"""Scorecards: a job's competencies (pre-filled from its required skills), one
scorecard per interviewer (1–4 per competency or not assessed, an overall
recommendation, notes), read blind until one's own is submitted, summarised on the
candidate page — in the services, the portal and the API."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from interviews import selectors, services
from interviews.models import Competency, InterviewFeedback, ScorecardRating
from interviews.tests.factories import CompetencyFactory, InterviewFactory, InterviewFeedbackFactory
from jobs import services as jobs_services
from jobs.tests.factories import JobFactory
from reports.timeline import candidate_timeline
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def completed(job, candidate, *people):
    interview = InterviewFactory(
        job=job, resume=candidate, status="completed", scheduled_at=timezone.now() - timedelta(hours=2)
    )
    interview.interviewers.set(people)
    return interview


def competencies(job):
    return {c.name: c for c in selectors.competency_list(job=job)}


@pytest.fixture
def second_manager(company):
    return UserFactory(company=company, role="hiring_manager", email="max@acme.test", full_name="Max Manager")


# --- competencies ------------------------------------------------------------------------


def test_a_new_job_gets_its_required_skills_as_competencies(company, recruiter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs_services.job_create(
            company=company,
            created_by=recruiter,
            title="Data Engineer",
            description="Pipelines",
            skills_required=["Python", "SQL", "python", "Airflow"],
        )
    rows = Competency.objects.filter(job=job).order_by("position")
    assert [(c.name, c.position, c.company_id) for c in rows] == [
        ("Python", 0, company.pk),
        ("SQL", 1, company.pk),
        ("Airflow", 2, company.pk),
    ]


def test_a_job_made_outside_the_services_is_pre_filled_when_first_read(company):
    job = JobFactory(company=company, skills_required=["Go", "Kubernetes"])
    assert not Competency.objects.filter(job=job).exists()
    assert [c.name for c in selectors.competency_list(job=job)] == ["Go", "Kubernetes"]
    selectors.competency_list(job=job)
    assert Competency.objects.filter(job=job).count() == 2  # safe to run twice


def test_editing_keeps_rated_rows_archives_removed_ones_and_never_refills(job, recruiter, hiring_manager):
    before = competencies(job)  # Python, Django, PostgreSQL from the factory
    kept = services.competencies_set(
        job=job, user=recruiter, names=["  system   design ", "python", "Django", "System design"]
    )
    assert [c.name for c in kept] == ["system design", "python", "Django"]
    assert kept[1].pk == before["Python"].pk and kept[2].pk == before["Django"].pk  # same rows: ratings stay
    assert Competency.objects.get(pk=before["PostgreSQL"].pk).archived_at is not None
    assert [c.name for c in selectors.competency_list(job=job)] == ["system design", "python", "Django"]
    # Clearing the list is a choice, not an invitation to pre-fill again.
    assert services.competencies_set(job=job, user=recruiter, names=[]) == []
    assert selectors.competency_list(job=job) == []
    restored = services.competencies_set(job=job, user=recruiter, names=["PostgreSQL"])
    assert restored[0].pk == before["PostgreSQL"].pk and restored[0].archived_at is None
    with pytest.raises(PermissionDenied):
        services.competencies_set(job=job, user=hiring_manager, names=["Vibes"])
    with pytest.raises(ValidationError) as error:
        services.competencies_set(job=job, user=recruiter, names=["x" * 101])
    assert "names" in error.value.message_dict


def test_competencies_in_the_portal(recruiter_client, client, hiring_manager, job):
    page = recruiter_client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/interviews/jobs/{job.pk}/competencies/"' in page
    panel = recruiter_client.get(f"/interviews/jobs/{job.pk}/competencies/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in panel and "Python" in panel and "Save competencies" in panel
    saved = recruiter_client.post(
        f"/interviews/jobs/{job.pk}/competencies/", {"names": "Communication\r\nPython\r\n"}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200 and "Competencies saved." in saved.content.decode()
    assert [c.name for c in selectors.competency_list(job=job)] == ["Communication", "Python"]
    client.force_login(hiring_manager)
    read = client.get(f"/interviews/jobs/{job.pk}/competencies/").content.decode()
    assert "Communication" in read and "Save competencies" not in read
    assert client.post(f"/interviews/jobs/{job.pk}/competencies/", {"names": "Vibes"}).status_code == 403


def test_competencies_in_the_api(recruiter_api, manager_api, job):
    listed = recruiter_api.get(f"/api/v1/jobs/{job.pk}/competencies").json()
    assert [c["name"] for c in listed] == ["Python", "Django", "PostgreSQL"]
    put = recruiter_api.put(f"/api/v1/jobs/{job.pk}/competencies", {"names": ["Django", "Ownership"]}, format="json")
    assert put.status_code == 200, put.content
    assert [c["name"] for c in put.json()] == ["Django", "Ownership"] and put.json()[0]["id"] == listed[1]["id"]
    assert manager_api.put(f"/api/v1/jobs/{job.pk}/competencies", {"names": ["x"]}, format="json").status_code == 403
    assert [c["name"] for c in manager_api.get(f"/api/v1/jobs/{job.pk}/competencies").json()] == ["Django", "Ownership"]


# --- submitting and validation -----------------------------------------------------------


def test_a_scorecard_rates_competencies_and_leaves_others_not_assessed(job, candidate, hiring_manager):
    interview = completed(job, candidate, hiring_manager)
    lines = competencies(job)
    card = services.feedback_record(
        interview=interview,
        user=hiring_manager,
        recommendation="yes",
        comments="Good systems sense",
        ratings={str(lines["Python"].pk): 4, str(lines["Django"].pk): None},
    )
    assert (card.job_id, card.resume_id, card.rating) == (job.pk, candidate.pk, None)
    assert {(r.competency.name, r.rating) for r in card.ratings.all()} == {("Python", 4)}


@pytest.mark.parametrize("value", [0, 5, -1, "strong", 2.5])
def test_a_rating_out_of_range_is_refused(job, candidate, hiring_manager, value):
    interview = completed(job, candidate, hiring_manager)
    with pytest.raises(ValidationError) as error:
        services.feedback_record(
            interview=interview,
            user=hiring_manager,
            recommendation="yes",
            ratings={str(competencies(job)["Python"].pk): value},
        )
    assert "ratings" in error.value.message_dict
    assert not InterviewFeedback.objects.exists()


def test_a_competency_of_another_job_or_an_archived_one_is_refused(company, job, candidate, hiring_manager, recruiter):
    interview = completed(job, candidate, hiring_manager)
    elsewhere = CompetencyFactory(job=JobFactory(company=company), name="Sales")
    for competency_id in (elsewhere.pk, "not-an-id"):
        with pytest.raises(ValidationError) as error:
            services.feedback_record(
                interview=interview, user=hiring_manager, recommendation="no", ratings={str(competency_id): 3}
            )
        assert "is not a competency of" in str(error.value.message_dict["ratings"])
    python = competencies(job)["Python"]
    services.competencies_set(job=job, user=recruiter, names=["Django"])
    with pytest.raises(ValidationError):
        services.feedback_record(
            interview=interview, user=hiring_manager, recommendation="no", ratings={str(python.pk): 3}
        )
    assert not InterviewFeedback.objects.exists() and not ScorecardRating.objects.exists()


def test_the_api_validates_a_scorecard(manager_api, job, candidate, hiring_manager, company):
    interview = completed(job, candidate, hiring_manager)
    url = f"/api/v1/interviews/{interview.pk}/feedback"
    python = competencies(job)["Python"]
    out_of_range = manager_api.post(
        url, {"recommendation": "yes", "ratings": [{"competency_id": str(python.pk), "rating": 5}]}, format="json"
    )
    assert out_of_range.status_code == 400 and "ratings" in out_of_range.json()
    twice = [{"competency_id": str(python.pk), "rating": 3}, {"competency_id": str(python.pk), "rating": 4}]
    assert manager_api.post(url, {"recommendation": "yes", "ratings": twice}, format="json").status_code == 400
    other = CompetencyFactory(job=JobFactory(company=company))
    foreign = manager_api.post(
        url, {"recommendation": "yes", "ratings": [{"competency_id": str(other.pk), "rating": 3}]}, format="json"
    )
    assert foreign.status_code == 400 and "ratings" in foreign.json()
    ok = manager_api.post(
        url,
        {
            "recommendation": "strong_yes",
            "comments": "Yes",
            "ratings": [
                {"competency_id": str(python.pk), "rating": 4},
                {"competency_id": str(competencies(job)["Django"].pk), "rating": None},
            ],
        },
        format="json",
    )
    assert ok.status_code == 201, ok.content
    data = ok.json()
    assert data["ratings"] == [{"competency_id": str(python.pk), "competency": "Python", "rating": 4}]
    assert data["job_id"] == str(job.pk) and data["resume_id"] == str(candidate.pk) and data["rating"] is None
    assert manager_api.post(url, {"recommendation": "no"}, format="json").status_code == 400  # once per interviewer


def test_submitting_in_the_portal(client, hiring_manager, job, candidate):
    interview = completed(job, candidate, hiring_manager)
    lines = competencies(job)
    client.force_login(hiring_manager)
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Your scorecard" in page and f'name="competency_{lines["Python"].pk}"' in page and "Not assessed" in page
    bad = client.post(
        f"/interviews/{interview.pk}/feedback/", {f"competency_{lines['Python'].pk}": "7", "recommendation": "yes"}
    )
    assert bad.status_code == 400 and not InterviewFeedback.objects.exists()
    response = client.post(
        f"/interviews/{interview.pk}/feedback/",
        {
            f"competency_{lines['Python'].pk}": "3",
            f"competency_{lines['Django'].pk}": "",
            "recommendation": "no",
            "comments": "Thin on Django",
        },
    )
    assert response.status_code == 302
    card = InterviewFeedback.objects.get()
    assert card.recommendation == "no" and [(r.competency_id, r.rating) for r in card.ratings.all()] == [
        (lines["Python"].pk, 3)
    ]


# --- read blind --------------------------------------------------------------------------


def test_an_interviewer_sees_others_scorecards_only_after_submitting_their_own(
    client, job, candidate, hiring_manager, second_manager, recruiter
):
    first = completed(job, candidate, hiring_manager)
    second = completed(job, candidate, second_manager)  # another interview, same candidate and job
    services.feedback_record(
        interview=first, user=hiring_manager, recommendation="strong_no", comments="Evasive answers"
    )

    def readable(user, interview):
        return [f.comments for f in selectors.feedback_list(interview=interview, user=user)]

    assert readable(second_manager, first) == []
    assert selectors.feedback_hidden_count(interview=first, user=second_manager) == 1
    assert readable(recruiter, first) == ["Evasive answers"]  # recruiters and admins see all
    assert readable(hiring_manager, first) == ["Evasive answers"]  # one's own

    client.force_login(second_manager)
    page = client.get(f"/interviews/{first.pk}/").content.decode()
    assert "Evasive answers" not in page and "Strong no" not in page and "1 other scorecard will show" in page
    summary = client.get(f"/interviews/candidates/{candidate.pk}/scorecards/").content.decode()
    assert "Submit your own scorecard" in summary and "Evasive" not in summary
    timeline = client.get(f"/candidates/{candidate.pk}/timeline/").content.decode()
    assert "Scorecard submitted for" in timeline and "strong no" not in timeline.lower()

    services.feedback_record(interview=second, user=second_manager, recommendation="yes", comments="Strong on SQL")
    assert readable(second_manager, first) == ["Evasive answers"]
    page = client.get(f"/interviews/{first.pk}/").content.decode()
    assert "Evasive answers" in page and "other scorecard" not in page
    summary = client.get(f"/interviews/candidates/{candidate.pk}/scorecards/").content.decode()
    assert "Evasive" in summary and "Strong on SQL" in summary
    assert "strong no" in client.get(f"/candidates/{candidate.pk}/timeline/").content.decode().lower()


def test_submitting_for_one_job_does_not_unlock_another(company, candidate, job, hiring_manager, second_manager):
    other_job = JobFactory(company=company, title="Staff Engineer")
    services.feedback_record(
        interview=completed(other_job, candidate, second_manager), user=second_manager, recommendation="yes"
    )
    services.feedback_record(
        interview=completed(job, candidate, hiring_manager), user=hiring_manager, recommendation="no"
    )
    summaries = {
        s.job.pk: s for s in selectors.scorecard_summaries(company=company, resume=candidate, user=second_manager)
    }
    assert summaries[other_job.pk].visible and not summaries[job.pk].visible
    assert (
        summaries[job.pk].submitted == 1
        and summaries[job.pk].scorecards == []
        and summaries[job.pk].recommendations == []
    )
    events = candidate_timeline(company=company, resume=candidate, viewer=second_manager)
    titles = [e.title for e in events if e.kind == "feedback"]
    assert f"Scorecard submitted for {job.title}" in titles and f"Scorecard for {other_job.title}: yes" in titles


def test_the_api_reads_blind_too(manager_api, recruiter_api, job, candidate, hiring_manager, second_manager):
    interview = completed(job, candidate, hiring_manager, second_manager)
    services.feedback_record(interview=interview, user=second_manager, recommendation="strong_yes", comments="Hire")
    assert manager_api.get(f"/api/v1/interviews/{interview.pk}/feedback").json() == []
    hidden = manager_api.get(f"/api/v1/resumes/{candidate.pk}/scorecards").json()
    assert hidden == [
        {
            "job_id": str(job.pk),
            "job_title": job.title,
            "submitted": 1,
            "visible": False,
            "competencies": [],
            "recommendations": {},
            "scorecards": [],
        }
    ]
    assert [f["comments"] for f in recruiter_api.get(f"/api/v1/interviews/{interview.pk}/feedback").json()] == ["Hire"]
    manager_api.post(f"/api/v1/interviews/{interview.pk}/feedback", {"recommendation": "no"}, format="json")
    assert len(manager_api.get(f"/api/v1/interviews/{interview.pk}/feedback").json()) == 2


# --- the summary -------------------------------------------------------------------------


def test_the_candidate_page_summarises_averages_distributions_and_recommendations(
    company, recruiter_client, recruiter_api, job, candidate, hiring_manager, second_manager, admin_user, recruiter
):
    interview = completed(job, candidate, hiring_manager, second_manager)
    lines = competencies(job)
    python, django_, postgres = (str(lines[name].pk) for name in ("Python", "Django", "PostgreSQL"))
    services.feedback_record(
        interview=interview, user=hiring_manager, recommendation="yes", ratings={python: 4, django_: 2}
    )
    services.feedback_record(interview=interview, user=second_manager, recommendation="strong_yes", ratings={python: 3})
    services.feedback_record(
        interview=interview, user=admin_user, recommendation="yes", ratings={python: 4, django_: 1}
    )
    # A competency removed after it was rated stays in the summary.
    services.competencies_set(job=job, user=recruiter, names=["Python", "PostgreSQL"])

    summary = selectors.scorecard_summaries(company=company, resume=candidate, user=recruiter)[0]
    assert summary.visible and summary.submitted == 3
    assert [(v, n) for v, _, n in summary.recommendations] == [
        ("strong_no", 0),
        ("no", 0),
        ("yes", 2),
        ("strong_yes", 1),
    ]
    by_name = {line.competency.name: line for line in summary.competencies}
    assert list(by_name) == ["Python", "PostgreSQL", "Django"]
    assert by_name["Python"].average == pytest.approx(11 / 3, abs=0.01)
    assert [n for _, n in by_name["Python"].counts] == [0, 0, 1, 2] and by_name["Python"].not_assessed == 0
    assert by_name["Django"].average == 1.5 and [n for _, n in by_name["Django"].counts] == [1, 1, 0, 0]
    assert by_name["Django"].not_assessed == 1
    assert by_name["PostgreSQL"].average is None and by_name["PostgreSQL"].not_assessed == 3

    page = recruiter_client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert f'hx-get="/interviews/candidates/{candidate.pk}/scorecards/"' in page
    panel = recruiter_client.get(
        f"/interviews/candidates/{candidate.pk}/scorecards/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert (
        "<html" not in panel
        and "3.7" in panel
        and "Yes: 2" in panel
        and "Strong yes: 1" in panel
        and "(removed)" in panel
    )

    data = recruiter_api.get(f"/api/v1/resumes/{candidate.pk}/scorecards").json()[0]
    assert data["recommendations"] == {"strong_no": 0, "no": 0, "yes": 2, "strong_yes": 1}
    django_line = next(line for line in data["competencies"] if line["name"] == "Django")
    assert django_line == {
        "competency_id": django_,
        "name": "Django",
        "archived": True,
        "average": 1.5,
        "distribution": {"strong_no": 1, "no": 1, "yes": 0, "strong_yes": 0},
        "not_assessed": 1,
    }
    assert len(data["scorecards"]) == 3


def test_a_candidate_without_interviews_gets_a_next_step(recruiter_client, candidate):
    panel = recruiter_client.get(
        f"/interviews/candidates/{candidate.pk}/scorecards/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "No interviews yet" in panel


# --- tenancy -----------------------------------------------------------------------------


def test_another_companys_scorecards_interviews_and_competencies_are_404(
    outsider_api, outsider_client, job, candidate, hiring_manager, other_company
):
    interview = completed(job, candidate, hiring_manager)
    services.feedback_record(interview=interview, user=hiring_manager, recommendation="yes")
    mine = CompetencyFactory(job=JobFactory(company=other_company), name="Globex only")
    for url in (
        f"/api/v1/interviews/{interview.pk}/feedback",
        f"/api/v1/jobs/{job.pk}/competencies",
        f"/api/v1/resumes/{candidate.pk}/scorecards",
    ):
        assert outsider_api.get(url).status_code == 404, url
    assert (
        outsider_api.put(f"/api/v1/jobs/{job.pk}/competencies", {"names": ["Hijack"]}, format="json").status_code == 404
    )
    assert (
        outsider_api.post(
            f"/api/v1/interviews/{interview.pk}/feedback", {"recommendation": "no"}, format="json"
        ).status_code
        == 404
    )
    for url in (f"/interviews/jobs/{job.pk}/competencies/", f"/interviews/candidates/{candidate.pk}/scorecards/"):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/interviews/{interview.pk}/feedback/", {"recommendation": "no"}).status_code == 404
    assert [c.name for c in selectors.competency_list(job=job)] == ["Python", "Django", "PostgreSQL"]
    assert InterviewFeedback.objects.count() == 1
    # Their own competency cannot be rated on our scorecard either (a competency of another job).
    with pytest.raises(ValidationError):
        services.feedback_record(
            interview=completed(job, candidate, hiring_manager),
            user=hiring_manager,
            recommendation="no",
            ratings={str(mine.pk): 3},
        )


def test_the_admin_lists_only_the_companys_competencies(client, admin_user, job, other_company):
    CompetencyFactory(job=job, name="Acme competency")
    CompetencyFactory(job=JobFactory(company=other_company), name="Globex competency")
    client.force_login(admin_user)
    page = client.get("/admin/interviews/competency/").content.decode()
    assert "Acme competency" in page and "Globex competency" not in page


# --- migrating existing feedback ---------------------------------------------------------


def test_the_migration_keys_old_feedback_on_its_interview_and_fills_competencies(company, hiring_manager):
    migration = import_module("interviews.migrations.0003_scorecards_data")
    interview = completed(
        JobFactory(company=company, skills_required=["Rust", "rust", "Go"]),
        ResumeFactory(company=company),
        hiring_manager,
    )
    wrong = JobFactory(company=company, skills_required=[])
    old = InterviewFeedbackFactory(
        interview=interview, interviewer=hiring_manager, job=wrong, resume=ResumeFactory(company=company), rating=2
    )
    migration.forwards(apps, None)
    old.refresh_from_db()
    assert (old.job_id, old.resume_id, old.rating, old.recommendation) == (
        interview.job_id,
        interview.resume_id,
        2,
        "yes",
    )
    assert [c.name for c in Competency.objects.filter(job=interview.job).order_by("position")] == ["Rust", "Go"]
    assert not Competency.objects.filter(job=wrong).exists()
    migration.forwards(apps, None)  # a second run adds nothing
    assert Competency.objects.filter(job=interview.job).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migrations_carry_existing_feedback_rows_over(company, hiring_manager):
    """Feedback recorded before scorecards (0001's table), migrated forward for real."""
    import uuid

    from django.core.management import call_command
    from django.db import connection

    interview = completed(
        JobFactory(company=company, skills_required=["Python", "SQL"]), ResumeFactory(company=company), hiring_manager
    )
    call_command("migrate", "interviews", "0001", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO interviews_interviewfeedback (id, created_at, updated_at, company_id, interview_id, interviewer_id,"
                " rating, recommendation, comments) VALUES (%s, now(), now(), %s, %s, %s, 4, 'yes', 'Recorded before scorecards')",
                [uuid.uuid4(), company.pk, interview.pk, hiring_manager.pk],
            )
    finally:
        call_command("migrate", "interviews", verbosity=0)
    old = InterviewFeedback.objects.get()
    assert (old.job_id, old.resume_id, old.rating, old.comments) == (
        interview.job_id,
        interview.resume_id,
        4,
        "Recorded before scorecards",
    )
    assert [c.name for c in Competency.objects.filter(job=interview.job).order_by("position")] == ["Python", "SQL"]
    summary = selectors.scorecard_summaries(company=company, resume=interview.resume, user=hiring_manager)[0]
    assert summary.visible and [line.not_assessed for line in summary.competencies] == [1, 1]


def test_the_summary_costs_the_same_queries_for_one_scorecard_or_many(company, recruiter_client, candidate, job):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/interviews/candidates/{candidate.pk}/scorecards/"
    people = [UserFactory(company=company, role="hiring_manager") for _ in range(6)]
    lines = [str(c.pk) for c in selectors.competency_list(job=job)]

    def record(person):
        services.feedback_record(
            interview=completed(job, candidate, person),
            user=person,
            recommendation="yes",
            ratings=dict.fromkeys(lines, 3),
        )

    record(people[0])
    with CaptureQueriesContext(connection) as one:
        assert recruiter_client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    for person in people[1:]:
        record(person)
    with CaptureQueriesContext(connection) as six:
        page = recruiter_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "6 scorecards" in page
    assert len(six.captured_queries) == len(one.captured_queries), [q["sql"][:80] for q in six.captured_queries]
