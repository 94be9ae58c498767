"""Shared links: creation rules, the public page and API, and what they never reveal."""

import re
from datetime import timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from jobs.tests.factories import JobFactory
from matching import scoring
from matching.explanations import EXPLANATION_VERSION, Explanation, build_explanation, explanation_of, read_explanation
from matching.skills import SkillMatch
from matching.tests.factories import MatchResultFactory
from resumes.tests.factories import ResumeFactory
from sharing import services
from sharing.models import SharedLink, SharedLinkView
from sharing.tests.factories import SharedLinkFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Backend engineer. Reach me at ada@private.example or +1 415 555 0100."


@pytest.fixture
def resume(company):
    return ResumeFactory(
        company=company,
        candidate_name="Ada Lovelace",
        email="ada@private.example",
        phone="+14155550100",
        location="London",
        links={"github": "github.com/ada-l"},
        sections={
            "summary": SUMMARY,
            "experience": "Engineer at Analytical Engines, 2019 - 2024",
            "references": "Charles Babbage, charles@babbage.example",
        },
        skill_names=["Python", "Django"],
        content="Ada Lovelace\nada@private.example\nPython, Django",
    )


def share(resume, user, **options):
    return services.shared_link_create(resume=resume, user=user, **options)


def public(client, issued, suffix=""):
    return client.get(f"/s/{issued.token}/{suffix}")


# --- creating and revoking ------------------------------------------------------------


def test_a_link_has_a_long_random_token_and_sensible_defaults(resume, recruiter):
    issued = share(resume, recruiter)
    assert len(issued.token) >= 43  # 32 random bytes: 256 bits
    assert issued.url.endswith(f"/s/{issued.token}/")
    link = issued.link
    assert not link.show_contact and not link.allow_download and link.is_active
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)


def test_expiry_is_limited_to_90_days(resume, recruiter):
    assert share(resume, recruiter, expires_in_days=90).link.is_active
    for days in (0, 91):
        with pytest.raises(ValidationError):
            share(resume, recruiter, expires_in_days=days)


def test_only_the_tokens_hash_is_stored_anywhere(resume, recruiter, client):
    issued = share(resume, recruiter)
    public(client, issued)  # a view is recorded too
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, (models.CharField, models.TextField)) and field.concrete:
                assert not model._default_manager.filter(**{f"{field.name}__contains": issued.token}).exists(), (
                    model,
                    field.name,
                )
    assert SharedLink.objects.get().token_hash != issued.token


def test_hiring_managers_cannot_share_or_revoke(resume, hiring_manager, recruiter):
    with pytest.raises(PermissionDenied):
        share(resume, hiring_manager)
    link = share(resume, recruiter).link
    with pytest.raises(PermissionDenied):
        services.shared_link_revoke(link=link, user=hiring_manager)


def test_a_link_job_must_be_the_companys(resume, recruiter, other_company):
    with pytest.raises(ValidationError):
        share(resume, recruiter, job=JobFactory(company=other_company))


# --- the public page ------------------------------------------------------------------


def test_the_public_page_shows_the_candidate_without_contact_details(client, resume, recruiter):
    response = public(client, share(resume, recruiter))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in html and "Python" in html and "Analytical Engines" in html
    for private in ("ada@private.example", "555", "London", "github.com/ada-l", "babbage"):
        assert private not in html, private
    assert "Download the original" not in html


def test_the_public_page_orders_sections_as_the_portal_does(client, recruiter_client, recruiter, company):
    import re

    resume = ResumeFactory(
        company=company,
        sections={
            "skills": "Python",
            "projects": "A compiler",
            "education": "BSc Mathematics",
            "experience": "Engineer at Acme",
        },
    )
    headings = re.compile(r'<h2>(\w+)</h2><pre class="resume-text">')  # the resume's own sections
    public_order = headings.findall(public(client, share(resume, recruiter)).content.decode())
    portal_order = headings.findall(recruiter_client.get(f"/candidates/{resume.pk}/").content.decode())
    assert public_order == portal_order == ["Experience", "Education", "Skills", "Projects"]


def test_obfuscated_emails_never_reach_the_public_page(client, resume, recruiter, company):
    resume.sections = {
        "summary": "Backend engineer; mail p.raman [at] example.test or ada (at) lovelace (dot) example.",
        "experience": "Engineer at Analytical Engines. Contact: ada at engines dot example",
    }
    resume.save()
    for link in (share(resume, recruiter), share(resume, recruiter, show_contact=False)):
        html = public(client, link).content.decode()
        assert "Backend engineer" in html and "Analytical Engines" in html
        for private in ("p.raman", "example.test", "lovelace (dot)", "engines dot example"):
            assert private not in html, private


def test_contact_details_when_the_link_allows_them(client, resume, recruiter):
    html = public(client, share(resume, recruiter, show_contact=True)).content.decode()
    assert "ada@private.example" in html and "London" in html and "github.com/ada-l" in html
    assert "babbage" not in html  # references are other people's data


def test_the_public_page_is_private_and_standalone(client, resume, recruiter):
    response = public(client, share(resume, recruiter))
    html = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex' in html
    assert "mainnav" not in html and "/accounts/" not in html and "/candidates/" not in html


def test_unknown_expired_and_revoked_links(client, resume, recruiter):
    assert client.get("/s/" + "x" * 43 + "/").status_code == 404
    expired = share(resume, recruiter)
    SharedLink.objects.filter(pk=expired.link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = public(client, expired)
    assert response.status_code == 410 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Ada" not in response.content.decode()
    revoked = share(resume, recruiter)
    services.shared_link_revoke(link=revoked.link, user=recruiter)
    assert public(client, revoked).status_code == 410
    assert public(client, revoked, "file").status_code == 410


def test_views_are_counted_with_the_last_view(client, resume, recruiter):
    issued = share(resume, recruiter)
    public(client, issued)
    public(client, issued)
    link = SharedLink.objects.get(pk=issued.link.pk)
    assert link.view_count == 2 and link.last_viewed_at is not None
    assert SharedLinkView.objects.filter(link=link).count() == 2


def test_the_file_only_when_allowed_and_only_the_links_resume(client, resume, recruiter, company):
    ResumeFactory(company=company, content="SOMEONE ELSE ENTIRELY")
    assert public(client, share(resume, recruiter), "file").status_code == 404
    issued = share(resume, recruiter, allow_download=True)
    assert 'href="/s/' in public(client, issued).content.decode()
    response = public(client, issued, "file")
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert b"".join(response.streaming_content) == resume.content.encode()


def test_the_explanation_is_the_links_job_for_the_links_resume_only(client, resume, recruiter, company):
    job = JobFactory(company=company, title="Staff Engineer")
    other = ResumeFactory(company=company, candidate_name="Grace Hopper")
    MatchResultFactory(job=job, resume=other, explanation="Grace Hopper secret assessment")
    issued = share(resume, recruiter, job=job)
    html = public(client, issued).content.decode()
    assert "Staff Engineer" in html and "Grace" not in html and "secret assessment" not in html
    MatchResultFactory(
        job=job,
        resume=resume,
        explanation="Ada matches 2 of 3 required skills.",
        explanation_data={
            "matched_skills": [{"skill": "Python", "required": True, "line": "ada@private.example Python"}]
        },
    )
    html = public(client, issued).content.decode()
    assert "Ada matches 2 of 3 required skills." in html and "ada@private.example" not in html


def test_the_public_page_and_api_are_rate_limited(client, api_client):
    allowed = int(ScopedRateThrottle.THROTTLE_RATES["shared"].split("/")[0])
    statuses = [client.get(f"/s/{'a' * 43}/").status_code for _ in range(allowed)]
    assert statuses == [404] * allowed
    response = client.get(f"/s/{'a' * 43}/")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert api_client.get(f"/api/v1/shared/{'a' * 43}").status_code == 429


# --- portal ---------------------------------------------------------------------------


def test_the_panel_shows_a_new_token_once(recruiter_client, resume):
    response = recruiter_client.post(
        f"/sharing/candidates/{resume.pk}/", {"expires_in_days": 7, "show_contact": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    link = SharedLink.objects.get()
    assert response.status_code == 200 and 'id="shared-link-url"' in html
    token = html.split("/s/")[1].split("/")[0]
    assert link.token_hash != token and len(token) >= 43
    again = recruiter_client.get(f"/sharing/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert token not in again and "Bob Recruiter" in again  # the creator is listed


def test_the_share_form_warns_that_the_original_file_shows_contact_details(recruiter_client, resume):
    html = recruiter_client.get(f"/sharing/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Include the original file" in html
    assert "The original file shows the candidate’s email and phone" in html
    # Contact hidden on the page, file ticked: the confirmation says the file still has them.
    html = recruiter_client.post(
        f"/sharing/candidates/{resume.pk}/", {"expires_in_days": 7, "allow_download": "on"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    issued = html.split('id="shared-link-issued"')[1].split("</div>")[0]
    assert "Contact details are hidden on the page, but the original file includes them." in issued
    assert "original file (with contact details)" in html
    html = recruiter_client.post(
        f"/sharing/candidates/{resume.pk}/", {"expires_in_days": 7}, HTTP_HX_REQUEST="true"
    ).content.decode()
    issued = html.split('id="shared-link-issued"')[1].split("</div>")[0]
    assert "Contact details are hidden." in issued and "original file includes them" not in issued


def test_hidden_contact_details_offer_no_original_file_unless_included(client, resume, recruiter):
    hidden = share(resume, recruiter)
    page = public(client, hidden).content.decode()
    assert "Download the original resume" not in page and public(client, hidden, "file").status_code == 404


def test_the_panel_refuses_more_than_90_days(recruiter_client, resume):
    html = recruiter_client.post(
        f"/sharing/candidates/{resume.pk}/", {"expires_in_days": 120}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "errorlist" in html and not SharedLink.objects.exists()


def test_hiring_managers_see_links_but_cannot_create_or_revoke(client, hiring_manager, resume, recruiter):
    link = share(resume, recruiter).link
    client.force_login(hiring_manager)
    html = client.get(f"/sharing/candidates/{resume.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Create link" not in html and "Revoke" not in html
    assert client.post(f"/sharing/candidates/{resume.pk}/", {"expires_in_days": 7}).status_code == 403
    assert client.post(f"/sharing/links/{link.pk}/revoke/").status_code == 403
    assert SharedLink.objects.get(pk=link.pk).is_active


def test_revoking_in_the_portal(recruiter_client, resume, recruiter):
    issued = share(resume, recruiter)
    html = recruiter_client.post(f"/sharing/links/{issued.link.pk}/revoke/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="revoked"' in html
    assert recruiter_client.get(f"/s/{issued.token}/").status_code == 410


# --- API ------------------------------------------------------------------------------


def test_api_creates_lists_and_revokes(recruiter_api, api_client, resume):
    job = JobFactory(company=resume.company)
    response = recruiter_api.post(
        "/api/v1/shared-links", {"resume_id": str(resume.pk), "job_id": str(job.pk), "expires_in_days": 3}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert {"id", "token", "url", "expires_at"} <= set(created) and created["url"].endswith(f"/s/{created['token']}/")
    listing = recruiter_api.get(f"/api/v1/shared-links?resume={resume.pk}").json()
    assert listing["count"] == 1 and "token" not in listing["results"][0]
    assert api_client.get(f"/api/v1/shared/{created['token']}").status_code == 200
    revoked = recruiter_api.post(f"/api/v1/shared-links/{created['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    gone = api_client.get(f"/api/v1/shared/{created['token']}")
    assert gone.status_code == 410 and "detail" in gone.json()


def test_api_warns_when_the_original_file_reveals_hidden_contact_details(recruiter_api, resume):
    created = recruiter_api.post("/api/v1/shared-links", {"resume_id": str(resume.pk), "allow_download": True}).json()
    assert created["warnings"] == ["Contact details are hidden on the page, but the original file includes them."]
    plain = recruiter_api.post("/api/v1/shared-links", {"resume_id": str(resume.pk)}).json()
    assert plain["warnings"] == []


def test_api_validates_the_expiry_and_the_role(recruiter_api, manager_api, resume):
    body = {"resume_id": str(resume.pk), "expires_in_days": 91}
    assert recruiter_api.post("/api/v1/shared-links", body).status_code == 400
    body["expires_in_days"] = 7
    assert manager_api.post("/api/v1/shared-links", body).status_code == 403
    link = SharedLinkFactory(resume=resume)
    assert manager_api.post(f"/api/v1/shared-links/{link.pk}/revoke").status_code == 403
    assert manager_api.get("/api/v1/shared-links").json()["count"] == 1


def test_public_api_hides_contact_details_and_counts_views(api_client, resume, recruiter):
    issued = share(resume, recruiter)
    response = api_client.get(f"/api/v1/shared/{issued.token}")
    data = response.json()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert data["candidate_name"] == "Ada Lovelace" and data["contact"] is None and data["file_url"] is None
    assert "ada@private.example" not in response.content.decode()
    assert api_client.get("/api/v1/shared/" + "z" * 43).status_code == 404
    assert SharedLink.objects.get().view_count == 1


def test_public_api_with_contact_and_file(api_client, resume, recruiter):
    issued = share(resume, recruiter, show_contact=True, allow_download=True)
    data = api_client.get(f"/api/v1/shared/{issued.token}").json()
    assert data["contact"]["email"] == "ada@private.example"
    assert data["file_url"].endswith(f"/s/{issued.token}/file")


# --- one explanation, every renderer ----------------------------------------------------


def _explanation_block(html: str) -> str:
    """The words of the page's explanation, as a reader sees them."""
    block = re.search(r'<div class="explanation">(.*?)</div>', html, re.DOTALL)
    assert block, "no explanation on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", block.group(1))).split())


def _scored_explanation() -> Explanation:
    parts = scoring.ScoreParts(
        overall=scoring.combine(similarity=0.74, skills=0.5, criteria=1.0, criteria_weight=scoring.CRITERIA_WEIGHT),
        similarity=0.74,
        skills=0.5,
        experience=0.8,
        education=None,
        confidence=0.9,
        raw_cosine=0.58,
        best_chunk_cosine=0.61,
        weights=(0.6, 0.4),
        gates=[scoring.Gate("Python", "met", "Shipped Python services"), scoring.Gate("Go", "unreadable")],
        criteria=[scoring.CriterionResult("led a team of five", "must", 2, "met", "Led a team of six engineers.")],
        criteria_value=1.0,
    )
    skill_match = SkillMatch(matched_required=["Python"], matched_nice=["Redis"], missing_required=["Go"], score=0.5)
    return build_explanation(
        job=SimpleNamespace(title="Staff Engineer", min_years_experience=5),
        candidate_name="Ada Lovelace",
        parts=parts,
        skill_match=skill_match,
        evidence={"python": "Shipped Python services"},
        years=4.0,
        education_label="",
        best_chunk=("experience", "Engineer at Analytical Engines, 2019 - 2024"),
    )


def _lines(explanation: Explanation) -> list[str]:
    """What every renderer must show of an explanation."""
    return [
        explanation.summary,
        *(f"{part.label} {part.value}/100" for part in explanation.parts),
        *(f"{item.skill} : {item.line}" if item.line else item.skill for item in explanation.matched_skills),
        *explanation.missing_required,
        *(f"{item.text} (×{item.weight}) : {item.state_detail}" for item in explanation.criteria),
        *(f"{gate.skill}: {gate.state_detail}" for gate in explanation.gates),
        *explanation.strengths,
        explanation.best_excerpt,
    ]


@pytest.mark.parametrize("stored", ["current", "unversioned"])
def test_portal_api_and_public_page_show_the_same_explanation(
    stored, client, recruiter_client, recruiter_api, api_client, resume, recruiter, company
):
    job = JobFactory(company=company, title="Staff Engineer")
    explanation = _scored_explanation()
    data = explanation.as_json()
    if stored == "unversioned":
        # As rows were written before the structure had a version.
        data = {key: value for key, value in data.items() if key not in ("version", "summary", "strengths")}
    row = MatchResultFactory(
        job=job,
        resume=resume,
        match_score=73.2,
        explanation=explanation.summary,
        explanation_data=data,
        key_strengths=explanation.strengths,
    )
    assert explanation_of(row) == explanation
    issued = share(resume, recruiter, job=job)

    portal = _explanation_block(recruiter_client.get(f"/matching/matches/{row.pk}/why/").content.decode())
    shared = _explanation_block(public(client, issued).content.decode())
    assert portal == shared
    for line in _lines(explanation):
        assert line in portal, portal
    assert "Overall 73/100" in portal

    detail = recruiter_api.get(f"/api/v1/jobs/{job.pk}/candidates/{resume.pk}").json()
    shared_api = api_client.get(f"/api/v1/shared/{issued.token}").json()["match"]
    for answer in (detail, shared_api):
        assert answer["explanation_data"]["version"] == EXPLANATION_VERSION
        assert read_explanation(answer["explanation_data"]) == explanation
        assert answer["explanation"] == explanation.summary and answer["key_strengths"] == explanation.strengths


@pytest.mark.parametrize("value, status", [("not-an-id", 400), ("00000000-0000-0000-0000-0000000000ff", 404)])
def test_api_list_refuses_a_resume_filter_it_cannot_read(recruiter_api, resume, value, status):
    SharedLinkFactory(resume=resume)
    response = recruiter_api.get("/api/v1/shared-links", {"resume": value})
    assert response.status_code == status
    if status == 400:
        assert "resume" in response.json()
