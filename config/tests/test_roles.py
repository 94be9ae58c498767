"""The role matrix: roles x actions over the table (companies.roles), then over every
real endpoint of the portal and the API, so a route that forgets its check fails.

EXPECTED names the action every route and method needs, written out here rather
than read from the views: a view that checks the wrong action, or none, answers
differently from what this file says. A route missing from EXPECTED fails
`test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import UserFactory
from companies.roles import ACTIONS, SYSTEM, Role, can
from config.tests.routes import all_routes, company_rows, parameter_values, request_body

A, R, H = Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER

# The table, written out: which roles may do each action.
MATRIX = {
    "read": {A, R, H},
    "manage_jobs": {A, R},
    "delete_jobs": {A},
    "manage_candidates": {A, R},
    "merge_candidates": {A, R},
    "change_status": {A, R},
    "manage_stages": {A},
    "write_notes": {A, R, H},
    "moderate_notes": {A},
    "schedule_interviews": {A, R},
    "delete_interviews": {A},
    "give_feedback": {A, R, H},
    "feedback_for_anyone": {A},
    "edit_competencies": {A, R},
    "read_all_scorecards": {A, R},
    "share_candidates": {A, R},
    "export_candidates": {A, R},
    "manage_team": {A},
    "admin_site": {A},
    "manage_integrations": {A},
    "monitor_adverse_impact": {A},
    "manage_email_templates": {A, R},
    "email_candidates": {A, R},
}

# (route name, method) -> action. Portal routes take GET and POST alike; a POST-only
# view still checks the role before it refuses the method.
EXPECTED = {
    ("dashboard", "get"): "read",
    ("dashboard", "post"): "read",
    ("accounts:team", "get"): "read",
    ("accounts:team", "post"): "read",
    **{
        (f"accounts:{name}", m): "manage_team"
        for name in ("invitation_create", "invitation_revoke", "user_deactivate", "user_reactivate")
        for m in ("get", "post")
    },
    ("jobs:list", "get"): "read",
    ("jobs:list", "post"): "read",
    ("jobs:detail", "get"): "read",
    ("jobs:detail", "post"): "read",
    **{(f"jobs:{name}", m): "manage_jobs" for name in ("create", "edit", "close", "reopen") for m in ("get", "post")},
    ("jobs:delete", "get"): "delete_jobs",
    ("jobs:delete", "post"): "delete_jobs",
    **{("candidate_timeline", m): "read" for m in ("get", "post")},
    **{(f"resumes:{name}", m): "read" for name in ("list", "detail", "status", "batch") for m in ("get", "post")},
    **{(f"resumes:{name}", m): "manage_candidates" for name in ("upload", "retry", "delete") for m in ("get", "post")},
    ("merging:duplicates", "get"): "read",
    ("merging:duplicates", "post"): "read",
    ("merging:review", "get"): "merge_candidates",
    ("merging:review", "post"): "merge_candidates",
    ("resumes:download", "get"): "export_candidates",
    ("resumes:download", "post"): "export_candidates",
    **{
        (f"matching:{name}", m): "read"
        for name in ("job_candidates", "explanation", "resume_matches", "resume_text", "search")
        for m in ("get", "post")
    },
    ("matching:export", "get"): "export_candidates",
    ("matching:export", "post"): "export_candidates",
    ("pipeline:resume_candidacies", "get"): "read",
    ("pipeline:resume_candidacies", "post"): "read",
    ("pipeline:candidacy_move", "get"): "change_status",
    ("pipeline:candidacy_move", "post"): "change_status",
    **{
        (f"pipeline:{name}", m): "change_status"
        for name in ("candidacy_board_move", "job_bulk")
        for m in ("get", "post")
    },
    ("matching:candidate_status", "get"): "change_status",
    ("matching:candidate_status", "post"): "change_status",
    **{
        (f"matching:{name}", m): "manage_candidates"
        for name in ("candidate_add", "match_open_jobs")
        for m in ("get", "post")
    },
    ("matching:suggest_skills", "get"): "manage_jobs",
    ("matching:suggest_skills", "post"): "manage_jobs",
    ("notes:resume_notes", "get"): "read",
    ("notes:resume_notes", "post"): "write_notes",
    ("notes:detail", "get"): "read",
    ("notes:detail", "post"): "read",
    ("notes:edit", "get"): "read",
    ("notes:edit", "post"): "write_notes",
    ("notes:delete", "get"): "write_notes",
    ("notes:delete", "post"): "write_notes",
    **{
        (f"interviews:{name}", m): "read"
        for name in ("list", "job_list", "detail", "ics", "ics_file")
        for m in ("get", "post")
    },
    ("interviews:resume_interviews", "get"): "read",
    ("interviews:resume_interviews", "post"): "schedule_interviews",
    **{(f"interviews:{name}", m): "schedule_interviews" for name in ("status", "reschedule") for m in ("get", "post")},
    ("interviews:feedback", "get"): "give_feedback",
    ("interviews:feedback", "post"): "give_feedback",
    ("messaging:resume_messages", "get"): "read",
    ("messaging:resume_messages", "post"): "email_candidates",
    ("messaging:preview", "get"): "email_candidates",
    ("messaging:preview", "post"): "email_candidates",
    **{
        (f"messaging:{name}", m): "manage_email_templates"
        for name in ("template_list", "template_create", "template_edit", "template_delete")
        for m in ("get", "post")
    },
    ("interviews:job_competencies", "get"): "read",
    ("interviews:job_competencies", "post"): "edit_competencies",
    ("interviews:resume_scorecards", "get"): "read",
    ("interviews:resume_scorecards", "post"): "read",
    ("careers_portal:questions", "get"): "read",
    ("careers_portal:questions", "post"): "manage_jobs",
    **{
        (f"careers_portal:{name}", m): "manage_jobs"
        for name in ("question_edit", "question_move", "question_delete")
        for m in ("get", "post")
    },
    ("careers_portal:resume_applications", "get"): "read",
    ("careers_portal:resume_applications", "post"): "read",
    ("fairness:job", "get"): "monitor_adverse_impact",
    ("fairness:job", "post"): "monitor_adverse_impact",
    ("sharing:resume_links", "get"): "read",
    ("sharing:resume_links", "post"): "share_candidates",
    ("sharing:revoke", "get"): "share_candidates",
    ("sharing:revoke", "post"): "share_candidates",
    # The API.
    ("api:analytics-overview", "get"): "read",
    ("api:job-analytics", "get"): "read",
    ("api:resume-export", "get"): "export_candidates",
    ("api:auth-me", "get"): "read",
    ("api:auth-team", "get"): "read",
    ("api:job-list", "get"): "read",
    ("api:job-list", "post"): "manage_jobs",
    ("api:job-detail", "get"): "read",
    ("api:job-detail", "patch"): "manage_jobs",
    ("api:job-detail", "delete"): "delete_jobs",
    ("api:job-set-status", "post"): "manage_jobs",
    ("api:resume-list", "get"): "read",
    ("api:resume-upload", "post"): "manage_candidates",
    ("api:resume-detail", "get"): "read",
    ("api:resume-detail", "delete"): "manage_candidates",
    ("api:resume-file", "get"): "export_candidates",
    ("api:resume-retry", "post"): "manage_candidates",
    ("api:resume-merge-preview", "get"): "merge_candidates",
    ("api:resume-merge", "post"): "merge_candidates",
    ("api:job-candidates", "get"): "read",
    ("api:job-candidates-export", "get"): "export_candidates",
    ("api:job-quality", "get"): "read",
    ("api:job-candidate", "get"): "read",
    ("api:job-candidate", "patch"): "change_status",
    ("api:job-candidates-bulk", "post"): "change_status",
    ("api:job-stages", "get"): "read",
    ("api:resume-matches", "get"): "read",
    ("api:resume-match-open-jobs", "post"): "manage_candidates",
    ("api:matching-search", "post"): "read",
    ("api:interview-ics-file", "get"): "read",
    ("api:interview-list", "get"): "read",
    ("api:interview-list", "post"): "schedule_interviews",
    ("api:interview-detail", "get"): "read",
    ("api:interview-detail", "patch"): "schedule_interviews",
    ("api:interview-detail", "delete"): "delete_interviews",
    ("api:interview-feedback", "get"): "read",
    ("api:interview-feedback", "post"): "give_feedback",
    ("api:interview-ics", "get"): "read",
    ("api:interview-reschedule", "post"): "schedule_interviews",
    ("api:job-competencies", "get"): "read",
    ("api:job-competencies", "put"): "edit_competencies",
    ("api:resume-scorecards", "get"): "read",
    ("api:resume-notes", "get"): "read",
    ("api:resume-notes", "post"): "write_notes",
    ("api:note-detail", "get"): "read",
    ("api:note-detail", "patch"): "write_notes",
    ("api:note-detail", "delete"): "write_notes",
    ("api:shared-link-list", "get"): "read",
    ("api:shared-link-list", "post"): "share_candidates",
    ("api:shared-link-detail", "get"): "read",
    ("api:shared-link-revoke", "post"): "share_candidates",
    ("api:email-template-list", "get"): "read",
    ("api:resume-emails", "get"): "read",
    ("api:resume-emails", "post"): "email_candidates",
    ("api:job-screening-questions", "get"): "read",
    ("api:job-screening-questions", "post"): "manage_jobs",
    ("api:job-screening-question", "get"): "read",
    ("api:job-screening-question", "patch"): "manage_jobs",
    ("api:job-screening-question", "delete"): "manage_jobs",
    ("api:api-key-list", "get"): "manage_integrations",
    ("api:api-key-list", "post"): "manage_integrations",
    ("api:api-key-detail", "get"): "manage_integrations",
    ("api:api-key-revoke", "post"): "manage_integrations",
}

# Routes no role governs, with the reason. Everything else is in EXPECTED.
NOT_ROLE_ROUTES = {
    "accounts:login": "public: signing in",
    "accounts:logout": "any session may end itself",
    "accounts:register": "public: a new company",
    "accounts:register_done": "public: the same answer for every registration",
    "accounts:invitation_accept": "public: the invitation token is the credential",
    "accounts:password_reset": "public",
    "accounts:password_reset_done": "public",
    "accounts:password_reset_confirm": "public: the emailed token is the credential",
    "accounts:password_reset_complete": "public",
    "accounts:password_change": "any signed-in user changes their own password",
    "accounts:password_change_done": "any signed-in user",
    "shared:page": "public: the shared-link token is the credential",
    "shared:file": "public: the shared-link token is the credential",
    "careers:index": "public: the careers page",
    "careers:embed": "public: the careers page",
    "careers:job": "public: the careers page",
    "careers:theme": "public: the careers page",
    "careers:logo": "public: the careers page",
    "careers:apply": "public: candidates apply without an account",
    "careers:applied": "public: the careers page",
    "careers:withdraw": "public: the signed emailed link is the credential",
    "api:health": "public: load balancers",
    "api:auth-register": "public",
    "api:auth-login": "public",
    "api:auth-refresh": "public: the refresh token is the credential",
    "api:auth-logout": "public: the refresh token is the credential",
    "api:shared-candidate": "public: the shared-link token is the credential",
    "api:schema": "public: the API's description",
    "api:docs": "public: the API's description",
    "metrics": "operators: a bearer token (METRICS_TOKEN), no user",
}


def _walked():
    found = set()
    for route in all_routes():
        if route.is_admin or route.name in NOT_ROLE_ROUTES:
            continue
        found |= {(route.name, method) for method in route.methods()}
    return found


# --- The table ---------------------------------------------------------------------------


def test_the_matrix_is_the_table():
    assert set(MATRIX) == set(ACTIONS)
    assert {action: set(roles) for action, (roles, _) in ACTIONS.items()} == MATRIX


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_role_may_do_what_the_table_says(company, role, action):
    user = UserFactory(company=company, role=role)
    assert can(user, action) is (role in MATRIX[action])
    assert user.can(action) is (role in MATRIX[action])


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_nobody_in_particular_may_do_nothing(company, action):
    inactive = UserFactory(company=company, role=Role.ADMIN, is_active=False)
    homeless = UserFactory(company=None, role=Role.ADMIN)
    unknown_role = UserFactory(company=company, role="owner")
    for who in (None, AnonymousUser(), inactive, homeless, unknown_role):
        assert can(who, action) is False, who
    assert can(SYSTEM, action) is True


def test_a_misspelt_action_is_an_error():
    with pytest.raises(ValueError):
        can(SYSTEM, "manage_everything")


def test_staff_status_follows_the_table(company):
    for role in Role.values:
        assert UserFactory(company=company, role=role).is_staff is (role in MATRIX["admin_site"])


# --- Services fail closed ----------------------------------------------------------------


@pytest.mark.django_db
def test_services_refuse_a_missing_user(company):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs import services as jobs
    from matching import services as matching
    from merging import services as merging
    from messaging import services as messaging
    from notes import services as notes
    from pipeline import bulk as pipeline_bulk, services as pipeline
    from resumes import services as resumes
    from sharing import services as sharing

    rows = company_rows(company)
    calls = [
        lambda: jobs.job_create(company=company, created_by=None, title="x", description="y"),
        lambda: jobs.job_update(job=rows["job"], user=None, title="x"),
        lambda: jobs.job_close(job=rows["job"], user=None),
        lambda: jobs.job_reopen(job=rows["job"], user=None),
        lambda: jobs.job_delete(job=rows["job"], user=None),
        lambda: resumes.resume_upload(company=company, user=None, files=[SimpleUploadedFile("a.txt", b"Jane")]),
        lambda: resumes.resume_retry(resume=rows["resume"], user=None),
        lambda: resumes.resume_delete(resume=rows["resume"], user=None),
        lambda: merging.candidates_merge(kept=rows["resume"], merged=rows["resume"], user=None),
        lambda: pipeline.candidate_set_status(match=rows["match"], status="shortlisted", user=None),
        lambda: pipeline.candidacy_move(candidacy=rows["candidacy"], stage=rows["stage"], user=None),
        lambda: pipeline.candidacies_move(candidacies=[rows["candidacy"]], stage=rows["stage"], user=None),
        lambda: pipeline.stage_delete(stage=rows["stage"], user=None),
        lambda: pipeline.candidacy_add_from_pool(match=rows["match"], user=None),
        *[
            (
                lambda action=action: pipeline_bulk.candidacies_bulk(
                    user=None, job=rows["job"], action=action, resume_ids=[str(rows["resume"].pk)]
                )
            )
            for action in pipeline_bulk.ACTIONS
        ],
        lambda: matching.candidate_add_to_job(match=rows["match"], user=None),
        lambda: notes.note_create(resume=rows["resume"], author=None, body="x"),
        lambda: notes.note_update(note=rows["note"], user=None, body="x"),
        lambda: sharing.shared_link_create(resume=rows["resume"], user=None),
        lambda: sharing.shared_link_revoke(link=rows["link"], user=None),
        lambda: messaging.email_candidates(
            user=None, job=rows["job"], resumes=[rows["resume"]], template=rows["email_template"]
        ),
        lambda: messaging.email_candidate(user=None, resume=rows["resume"], job=None, subject="x", body="y"),
        lambda: messaging.template_create(user=None, name="x", kind="custom", subject="x", body="y"),
        lambda: messaging.template_update(template=rows["email_template"], user=None, subject="x"),
        lambda: messaging.template_delete(template=rows["email_template"], user=None),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    for service in (jobs.job_update, jobs.job_close, resumes.resume_retry, resumes.resume_delete):
        with pytest.raises(TypeError):  # `user` has no default: a caller must say who acts
            service(**{"job" if service.__module__ == "jobs.services" else "resume": rows["resume"]})


# --- Every endpoint ----------------------------------------------------------------------


def test_every_route_is_in_the_matrix():
    walked = _walked()
    assert walked - set(EXPECTED) == set(), "routes with no expected action: add them to EXPECTED or NOT_ROLE_ROUTES"
    assert set(EXPECTED) - walked == set(), "EXPECTED names routes that no longer exist"


def _client_for(role_user, *, api):
    if api:
        from rest_framework.test import APIClient
        from rest_framework_simplejwt.tokens import RefreshToken

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(role_user).access_token}")
        return client
    from django.test import Client

    client = Client()
    client.force_login(role_user)
    return client


ROUTES = {route.name: route for route in all_routes()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name, method", sorted(EXPECTED))
def test_endpoint_answers_as_the_matrix_says(company, role, name, method):
    user = UserFactory(company=company, role=role, full_name=f"{role} user")
    rows = company_rows(company, people=[user])
    # The user's own note, so "write_notes" is about the role, not about authorship.
    from notes.tests.factories import CandidateNoteFactory

    rows["note"] = CandidateNoteFactory(resume=rows["resume"], author=user)
    route = ROUTES[name]
    url = route.path(parameter_values(route, rows))
    client = _client_for(user, api=route.is_api)
    body = request_body(rows)
    if route.is_api:
        response = getattr(client, method)(url, body if method in ("post", "patch", "put") else None, format="json")
    else:
        response = getattr(client, method)(url, body if method == "post" else None)
    allowed = role in MATRIX[EXPECTED[(name, method)]]
    if allowed:
        assert response.status_code != 403, (role, method, url, response.status_code)
    else:
        assert response.status_code == 403, (role, method, url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_admin_site_answers_as_the_matrix_says(company, role):
    user = UserFactory(company=company, role=role)
    response = _client_for(user, api=False).get("/admin/resumes/resume/")
    if role in MATRIX["admin_site"]:
        assert response.status_code == 200
    else:
        # Django's admin sends whoever may not use it to its login page.
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
