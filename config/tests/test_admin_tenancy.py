"""Every model admin: a company administrator of company A never sees, opens,
changes or deletes company B's rows; a superuser sees all of them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Invitation, SignInFailure, User
from accounts.tests.factories import InvitationFactory, UserFactory
from companies.models import Company
from interviews.models import Competency, Interview, InterviewFeedback, ScorecardRating
from interviews.tests.factories import CompetencyFactory, InterviewFactory, InterviewFeedbackFactory
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory
from matching.models import EmbeddingCacheEntry, MatchResult, ResumeChunk
from matching.tests.factories import MatchResultFactory
from notes.models import CandidateNote
from notes.tests.factories import CandidateNoteFactory
from pipeline.models import Candidacy, Stage, StageChange
from pipeline.tests.factories import CandidacyFactory, StageFactory
from resumes.models import Resume
from resumes.tests.factories import ResumeFactory
from sharing.models import SharedLink, SharedLinkView
from sharing.tests.factories import SharedLinkFactory, SharedLinkViewFactory

VECTOR = [1.0] + [0.0] * 383


def _stage_change(company):
    candidacy = CandidacyFactory(job__company=company)
    return StageChange.objects.create(company=company, candidacy=candidacy, to_stage=candidacy.stage)


def _chunk(company):
    resume = ResumeFactory(company=company)
    return ResumeChunk.objects.create(
        company=company, resume=resume, ordinal=0, text="Python", embedding=VECTOR, embedding_model="test"
    )


def _scorecard_rating(company):
    feedback = InterviewFeedbackFactory(interview__job__company=company)
    competency = CompetencyFactory(job=feedback.job)
    return ScorecardRating.objects.create(company=company, feedback=feedback, competency=competency, rating=3)


# model -> how to build one row owned by a company
BUILDERS = {
    User: lambda company: UserFactory(company=company, role="recruiter"),
    Invitation: lambda company: InvitationFactory(company=company),
    JobDescription: lambda company: JobFactory(company=company),
    Resume: lambda company: ResumeFactory(company=company),
    MatchResult: lambda company: MatchResultFactory(job__company=company),
    Stage: lambda company: StageFactory(company=company),
    Candidacy: lambda company: CandidacyFactory(job__company=company),
    StageChange: _stage_change,
    ResumeChunk: _chunk,
    Interview: lambda company: InterviewFactory(job__company=company),
    InterviewFeedback: lambda company: InterviewFeedbackFactory(interview__job__company=company),
    Competency: lambda company: CompetencyFactory(job__company=company),
    ScorecardRating: _scorecard_rating,
    CandidateNote: lambda company: CandidateNoteFactory(resume__company=company),
    SharedLink: lambda company: SharedLinkFactory(resume__company=company),
    SharedLinkView: lambda company: SharedLinkViewFactory(link__resume__company=company),
    Company: lambda company: company,
}
MODELS = list(BUILDERS)


def _url(obj, view):
    opts = obj._meta
    if view == "changelist":
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def _id(model):
    return model.__name__


def test_every_model_of_the_project_has_a_scoped_admin():
    from companies.admin import CompanyScopedAdmin

    project_apps = {
        "accounts",
        "companies",
        "jobs",
        "resumes",
        "matching",
        "pipeline",
        "interviews",
        "notes",
        "sharing",
    }
    registered = {model for model in admin.site._registry if model._meta.app_label in project_apps}
    from django.apps import apps

    every = {m for m in apps.get_models() if m._meta.app_label in project_apps}
    assert every == registered
    # Rows that belong to no company: superusers only.
    unscoped = {EmbeddingCacheEntry, SignInFailure}
    for model in every - unscoped:
        assert isinstance(admin.site._registry[model], CompanyScopedAdmin), model
    assert set(BUILDERS) == every - unscoped


@pytest.fixture
def rows(company, other_company):
    def build(model):
        return BUILDERS[model](company), BUILDERS[model](other_company)

    return build


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=_id)
def test_company_admin_sees_only_their_companys_rows(client, admin_user, rows, model):
    mine, theirs = rows(model)
    client.force_login(admin_user)
    response = client.get(_url(mine, "changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert _url(mine, "change") in page
    assert _url(theirs, "change") not in page
    assert str(theirs.pk) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=_id)
def test_company_admin_opens_own_rows(client, admin_user, rows, model):
    mine, _ = rows(model)
    client.force_login(admin_user)
    assert client.get(_url(mine, "change")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=_id)
def test_company_admin_cannot_open_change_or_delete_another_companys_row(client, admin_user, rows, model):
    _, theirs = rows(model)
    before = model.objects.filter(pk=theirs.pk).values().get()
    client.force_login(admin_user)

    opened = client.get(_url(theirs, "change"))
    assert opened.status_code in (302, 404)
    if opened.status_code == 302:
        assert opened.url == reverse("admin:index")

    changed = client.post(
        _url(theirs, "change"), {"email": "hijack@evil.test", "title": "Hijacked", "name": "Hijacked"}
    )
    assert changed.status_code in (302, 403, 404)
    deleted = client.post(_url(theirs, "delete"), {"post": "yes"})
    assert deleted.status_code in (302, 403, 404)
    # A bulk action with a hand-made id list only ever sees the company's queryset.
    client.post(
        _url(theirs, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(theirs.pk)], "post": "yes"},
    )
    assert model.objects.filter(pk=theirs.pk).values().get() == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=_id)
def test_superuser_sees_and_opens_every_companys_rows(client, superuser, rows, model):
    mine, theirs = rows(model)
    client.force_login(superuser)
    page = client.get(_url(mine, "changelist")).content.decode()
    assert _url(mine, "change") in page and _url(theirs, "change") in page
    assert client.get(_url(theirs, "change")).status_code == 200


# The admins whose add form has company-owned foreign keys or many-to-many fields
# (scorecards have no add form: interviewers submit them).
WITH_RELATIONS = [Interview, Competency, CandidateNote]


@pytest.mark.django_db
@pytest.mark.parametrize("model", WITH_RELATIONS, ids=_id)
def test_foreign_key_choices_offer_only_the_companys_rows(client, admin_user, company, other_company, model):
    # Rows of every kind in both companies, so every dropdown has something to leak.
    for owner in (company, other_company):
        InterviewFactory(job__company=owner)
        UserFactory(company=owner)
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "company" not in form.fields
    checked = 0
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset.model, "company"):
            continue
        assert queryset.exists(), name
        assert set(queryset.values_list("company", flat=True)) == {company.pk}, name
        checked += 1
    assert checked


@pytest.mark.django_db
def test_autocomplete_offers_only_the_companys_resumes(client, admin_user, company, other_company):
    mine = ResumeFactory(company=company, candidate_name="Mine Candidate")
    ResumeFactory(company=other_company, candidate_name="Their Candidate")
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "notes", "model_name": "candidatenote", "field_name": "resume", "term": "Candidate"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]


@pytest.mark.django_db
def test_company_admin_sees_only_their_company_and_cannot_add_one(client, admin_user, company, other_company):
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:companies_company_changelist")).content.decode()
    assert company.name in changelist and other_company.name not in changelist
    assert client.get(reverse("admin:companies_company_add")).status_code == 403


@pytest.mark.django_db
def test_company_admin_cannot_see_superusers_or_the_shared_embedding_cache(client, admin_user, company):
    root = User.objects.create_superuser("root2@shortlist.test", "x", full_name="Root Two", company=company)
    client.force_login(admin_user)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert root.email not in users
    assert (
        client.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code == 404
    )  # not found, as everywhere else
    assert client.get(reverse("admin:matching_embeddingcacheentry_changelist")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Embedding cache" not in index and "Job descriptions" in index


@pytest.mark.parametrize("fixture", ["recruiter", "hiring_manager"])
@pytest.mark.django_db
def test_non_admin_roles_have_no_admin(client, fixture, request):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("admin:jobs_jobdescription_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_company_admin_adds_a_colleague_in_their_company_without_superpowers(client, admin_user, company):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Dora@Acme.test",
            "full_name": "Dora",
            "role": "recruiter",
            "password1": "Plum-Orchard-Lantern-42",
            "password2": "Plum-Orchard-Lantern-42",
            "is_superuser": "on",
            "company": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    dora = User.objects.get(email="dora@acme.test")
    assert dora.company == company and not dora.is_superuser and not dora.is_staff
    change_form = client.get(reverse("admin:accounts_user_change", args=[dora.pk])).context["adminform"].form
    assert {"is_superuser", "groups", "user_permissions", "company"}.isdisjoint(change_form.fields)


@pytest.mark.django_db
def test_a_job_added_in_the_admin_goes_through_the_job_service(client, admin_user, company):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:jobs_jobdescription_add"),
        {
            "title": "Staff Nurse",
            "description": "Ward nursing.",
            "requirements": "",
            "location": "Leeds",
            "salary_range": "",
            "employment_type": "full_time",
            "hiring_company": "",
            "skills_required": "Patient care,BLS,Patient care",
            "skills_nice_to_have": "",
            "must_have_skills": "",
            "education_level": "",
            "similarity_weight": "0.6",
            "skills_weight": "0.4",
            "status": "open",
            "workplace": "on_site",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    job = JobDescription.objects.get(title="Staff Nurse")
    assert job.company == company and job.created_by == admin_user
    # The service's normalization ran: duplicates dropped, hiring company defaulted.
    assert job.skills_required == ["Patient care", "BLS"]
    assert job.hiring_company == company.name


@pytest.mark.django_db
def test_a_stage_change_in_the_admin_is_recorded_like_in_the_portal(client, admin_user, company):
    candidacy = CandidacyFactory(job__company=company)
    interview = Stage.objects.get(company=company, job=None, name="Interview")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:pipeline_candidacy_change", args=[candidacy.pk]),
        {"stage": str(interview.pk), "rejection_reason": "", **INLINE_MANAGEMENT},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    candidacy.refresh_from_db()
    assert candidacy.stage == interview and candidacy.stage_changed_by == admin_user
    change = StageChange.objects.get(candidacy=candidacy, from_stage__isnull=False)
    assert (change.from_stage.name, change.to_stage, change.by) == ("Applied", interview, admin_user)


INLINE_MANAGEMENT = {
    "stage_changes-TOTAL_FORMS": "0",
    "stage_changes-INITIAL_FORMS": "0",
    "stage_changes-MIN_NUM_FORMS": "0",
    "stage_changes-MAX_NUM_FORMS": "1000",
}
