import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.models import User
from careers.models import CareersSite
from careers.tests.factories import CareersSiteFactory
from companies.models import Company
from jobs.models import JobStatus, Workplace
from jobs.services import job_close, job_reopen, job_update
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

# Google's required JobPosting properties (Search Central, "Job posting structured data").
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}


@pytest.fixture
def site(company: Company) -> CareersSite:
    site: CareersSite = CareersSiteFactory(company=company, slug="acme")
    return site


def _json_ld(response: Any) -> dict[str, Any]:  # what the test client returns
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def test_lists_only_open_jobs_of_its_own_company(client: Client, site: CareersSite, other_company: Company) -> None:
    JobFactory(company=site.company, title="Backend engineer")
    JobFactory(company=site.company, title="Closed role", status=JobStatus.CLOSED)
    JobFactory(company=other_company, title="Someone else's job")
    response = client.get("/careers/acme/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Backend engineer" in text
    assert "Closed role" not in text
    assert "Someone else&#x27;s job" not in text and "Someone else's job" not in text


def test_an_unpublished_or_unknown_site_is_404(client: Client, site: CareersSite) -> None:
    assert client.get("/careers/nobody/").status_code == 404
    site.published = False
    site.save()
    assert client.get("/careers/acme/").status_code == 404


def test_filters_by_location_department_and_remote(client: Client, site: CareersSite) -> None:
    JobFactory(
        company=site.company, title="Berlin data", location="Berlin", department="Data", workplace=Workplace.ON_SITE
    )
    JobFactory(
        company=site.company, title="Remote data", location="Germany", department="Data", workplace=Workplace.REMOTE
    )
    JobFactory(
        company=site.company, title="Berlin sales", location="Berlin", department="Sales", workplace=Workplace.HYBRID
    )

    def titles(query: dict[str, str]) -> set[str]:
        text = client.get("/careers/acme/", query).content.decode()
        return {t for t in ("Berlin data", "Remote data", "Berlin sales") if t in text}

    assert titles({"location": "Berlin"}) == {"Berlin data", "Berlin sales"}
    assert titles({"department": "data"}) == {"Berlin data", "Remote data"}
    assert titles({"remote": "1"}) == {"Remote data"}
    assert titles({"location": "Berlin", "department": "Sales"}) == {"Berlin sales"}


def test_a_job_past_its_closing_date_is_not_listed(client: Client, site: CareersSite) -> None:
    import datetime

    job = JobFactory(company=site.company, title="Expired", valid_through=datetime.date(2020, 1, 1))
    assert "Expired" not in client.get("/careers/acme/").content.decode()
    assert client.get(f"/careers/acme/jobs/{job.pk}/").status_code == 404


def test_job_page_has_google_required_job_posting_fields(client: Client, site: CareersSite) -> None:
    # Open for another year from today: a page past its closing date is a 404.
    closes = timezone.localdate() + timedelta(days=365)
    job = JobFactory(
        company=site.company,
        title="Data <engineer>",
        location="Berlin",
        employment_type="contract",
        valid_through=closes,
        workplace=Workplace.ON_SITE,
    )
    response = client.get(f"/careers/acme/jobs/{job.pk}/")
    assert response.status_code == 200
    data = _json_ld(response)
    assert data["@context"].startswith("https://schema.org")
    assert data["@type"] == "JobPosting"
    assert GOOGLE_REQUIRED <= set(data)
    assert data["title"] == "Data <engineer>"
    assert data["description"].strip()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePosted"])
    assert data["hiringOrganization"] == {"@type": "Organization", "name": site.company.name}
    assert data["jobLocation"]["@type"] == "Place"
    assert data["jobLocation"]["address"]["addressLocality"] == "Berlin"
    assert data["validThrough"].startswith(f"{closes.isoformat()}T23:59:59")
    assert data["employmentType"] == "CONTRACTOR"
    # The recruiter's text cannot close the data block.
    assert "<engineer>" not in response.content.decode().split("application/ld+json")[1].split("</script>")[0]


def test_remote_job_names_where_applicants_may_live(client: Client, site: CareersSite) -> None:
    job = JobFactory(company=site.company, location="Germany", workplace=Workplace.REMOTE)
    data = _json_ld(client.get(f"/careers/acme/jobs/{job.pk}/"))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "Germany"}


def test_pages_are_cached_until_a_job_is_saved(
    client: Client, site: CareersSite, recruiter: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    job = JobFactory(company=site.company, title="First title")
    assert "First title" in client.get("/careers/acme/").content.decode()
    # A cached page costs the site lookup only.
    with django_assert_num_queries(1):
        assert "First title" in client.get("/careers/acme/").content.decode()
    job_update(job=job, user=recruiter, title="Second title")
    text = client.get("/careers/acme/").content.decode()
    assert "Second title" in text and "First title" not in text


def test_closing_and_reopening_a_job_updates_the_cached_pages(
    client: Client,
    site: CareersSite,
    recruiter: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = JobFactory(company=site.company, title="Backend engineer")
    job_page = f"/careers/acme/jobs/{job.pk}/"
    assert "Backend engineer" in client.get("/careers/acme/").content.decode()
    assert client.get(job_page).status_code == 200
    with django_assert_num_queries(1):  # both are cached now
        client.get("/careers/acme/")
    # Closing is an UPDATE (no post_save): jobs announces it after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        job_close(job=job, user=recruiter)
    assert "Backend engineer" not in client.get("/careers/acme/").content.decode()
    assert client.get(job_page).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        job_reopen(job=job, user=recruiter)
    assert "Backend engineer" in client.get("/careers/acme/").content.decode()
    assert client.get(job_page).status_code == 200


def test_editing_a_job_in_the_portal_updates_its_cached_page(
    client: Client,
    site: CareersSite,
    recruiter: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = JobFactory(company=site.company, title="First title", description="Old words")
    job_page = f"/careers/acme/jobs/{job.pk}/"
    assert "Old words" in client.get(job_page).content.decode()
    portal = Client()
    portal.force_login(recruiter)
    form = {
        name: getattr(job, name) or ""
        for name in (
            "title",
            "hiring_company",
            "location",
            "department",
            "workplace",
            "employment_type",
            "salary_range",
            "requirements",
        )
    }
    form.update(description="New words", similarity_weight="0.6", skills_weight="0.4")
    with django_capture_on_commit_callbacks(execute=True):
        response = portal.post(f"/jobs/{job.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    text = client.get(job_page).content.decode()
    assert "New words" in text and "Old words" not in text


def test_a_job_leaves_the_cached_list_the_day_after_its_closing_date(
    client: Client, site: CareersSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    JobFactory(company=site.company, title="Closes today", valid_through=today)
    assert "Closes today" in client.get("/careers/acme/").content.decode()
    # Nothing is written at midnight: the day is part of the cache key.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    assert "Closes today" not in client.get("/careers/acme/").content.decode()


def test_other_companies_pages_are_not_invalidated(client: Client, site: CareersSite, other_company: Company) -> None:
    other = CareersSiteFactory(company=other_company, slug="other")
    JobFactory(company=other.company, title="Theirs")
    client.get("/careers/other/")
    JobFactory(company=site.company, title="Ours")
    from careers import cache

    assert cache.get_page(other.company_id, "/careers/other/") is not None


def test_made_up_query_strings_share_one_cached_page(
    client: Client, site: CareersSite, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    JobFactory(company=site.company, title="Only job")
    client.get("/careers/acme/")
    with django_assert_num_queries(1):
        assert "Only job" in client.get("/careers/acme/?utm_campaign=x&nonce=123").content.decode()


def test_colours_come_from_a_generated_stylesheet_never_inline(client: Client, site: CareersSite) -> None:
    JobFactory(company=site.company)
    page = client.get("/careers/acme/").content.decode()
    assert 'href="/careers/acme/theme.css"' in page
    assert "style=" not in page
    css = client.get("/careers/acme/theme.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #123456" in css.content.decode()


def test_a_colour_must_be_hex(site: CareersSite) -> None:
    from django.core.exceptions import ValidationError

    site.brand_colour = "red;}body{display:none"
    with pytest.raises(ValidationError):
        site.full_clean()


def test_only_the_embed_page_may_be_framed(client: Client, site: CareersSite) -> None:
    JobFactory(company=site.company, title="Framed job")
    page = client.get("/careers/acme/")
    assert page["X-Frame-Options"] == "DENY"
    embed = client.get("/careers/acme/embed/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "Framed job" in embed.content.decode()
    site.embed_origins = "https://www.acme.example"
    site.save()
    assert "frame-ancestors https://www.acme.example" in client.get("/careers/acme/embed/")["Content-Security-Policy"]


def test_the_page_works_without_javascript(client: Client, site: CareersSite) -> None:
    JobFactory(company=site.company)
    page = client.get("/careers/acme/").content.decode()
    assert "<script" not in page
    assert '<form method="get"' in page
    assert 'lang="en"' in page and '<label for="filter-location">' in page


def test_logo_is_served_when_set(client: Client, site: CareersSite) -> None:
    from django.core.files.base import ContentFile

    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    site.logo.save("logo.png", ContentFile(png))
    JobFactory(company=site.company)
    assert 'src="/careers/acme/logo"' in client.get("/careers/acme/").content.decode()
    response = client.get(reverse("careers:logo", kwargs={"slug": "acme"}))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_filter_it_cannot_read_is_named_not_ignored(client: Client, site: CareersSite) -> None:
    JobFactory(company=site.company, title="Berlin data", location="Berlin")
    for path in ("/careers/acme/", "/careers/acme/embed/"):
        response = client.get(path, {"remote": "maybe"})
        assert response.status_code == 400, path
        text = response.content.decode()
        assert "“remote”" in text and "Berlin data" not in text
    # Never cached: the plain list is still the whole list.
    assert "Berlin data" in client.get("/careers/acme/").content.decode()
