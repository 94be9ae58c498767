import pytest

from jobs.tests.factories import JobFactory
from resumes.models import Resume
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_htmx_upload_of_one_file_shows_its_live_status_row(recruiter_client, company, pdf_upload):
    job = JobFactory(company=company)
    response = recruiter_client.post(
        "/candidates/upload/", {"files": [pdf_upload()], "job": str(job.pk)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="upload-row"') == 1 and 'data-status="processed"' in html
    assert "batch-progress" not in html
    resume = Resume.objects.get(original_filename="maria.pdf")
    status = recruiter_client.get(f"/candidates/{resume.pk}/status/")
    assert b"Processed" in status.content and b"hx-trigger" not in status.content


def test_pending_rows_keep_polling(recruiter_client, company):
    resume = ResumeFactory(company=company, status="pending")
    html = recruiter_client.get(f"/candidates/{resume.pk}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in html


def test_refused_file_is_reported(recruiter_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = recruiter_client.post(
        "/candidates/upload/", {"files": [SimpleUploadedFile("x.gif", b"GIF89a" + b"\0" * 20)]}, HTTP_HX_REQUEST="true"
    )
    assert b"Refused" in response.content and b"Accepted types" in response.content


def test_candidate_page_and_talent_pool(recruiter_client, company):
    resume = ResumeFactory(company=company, candidate_name="Quinn Example", skill_names=["Python"])
    assert b"Quinn Example" in recruiter_client.get("/candidates/").content
    page = recruiter_client.get(f"/candidates/{resume.pk}/")
    assert page.status_code == 200 and b"Quinn Example" in page.content


def test_a_permanent_failure_offers_no_retry(recruiter_client, company):
    resume = ResumeFactory(
        company=company, status="failed", error="This PDF is password-protected.", failure_permanent=True
    )
    html = recruiter_client.get(f"/candidates/{resume.pk}/").content.decode()
    assert "password-protected" in html and "Retry" not in html
    row = recruiter_client.get(f"/candidates/{resume.pk}/status/", HTTP_HX_REQUEST="true").content.decode()
    assert "password-protected" in row and "Retry" not in row
    response = recruiter_client.post(f"/candidates/{resume.pk}/retry/", follow=True)
    assert "not retryable" in response.content.decode()


def test_candidate_rows_show_the_current_title_and_location(recruiter_client, company):
    ResumeFactory(company=company, candidate_name="Sam Lee", current_title="Data Analyst", location="Berlin")
    ResumeFactory(company=company, candidate_name="Sam Li", current_title="Registered Nurse", location="")
    html = recruiter_client.get("/candidates/").content.decode()
    assert '<div class="candidate-headline">Data Analyst · Berlin</div>' in html
    assert '<div class="candidate-headline">Registered Nurse</div>' in html


def test_failed_resume_can_be_retried_from_the_portal(recruiter_client, company):
    resume = ResumeFactory(company=company, status="failed", error="boom")
    assert "Retry" in recruiter_client.get(f"/candidates/{resume.pk}/status/", HTTP_HX_REQUEST="true").content.decode()
    response = recruiter_client.post(f"/candidates/{resume.pk}/retry/", HTTP_HX_REQUEST="true")
    resume.refresh_from_db()
    assert response.status_code == 200 and resume.status == "processed"


@pytest.mark.parametrize(
    "method, suffix", [("get", ""), ("get", "status/"), ("post", "retry/"), ("get", "file/"), ("post", "delete/")]
)
def test_another_companys_candidate_pages_are_404(outsider_client, company, method, suffix):
    resume = ResumeFactory(company=company)
    response = getattr(outsider_client, method)(f"/candidates/{resume.pk}/{suffix}")
    assert response.status_code == 404


def test_upload_to_another_companys_job_is_404(outsider_client, company, pdf_upload):
    job = JobFactory(company=company)
    response = outsider_client.post("/candidates/upload/", {"files": [pdf_upload()], "job": str(job.pk)})
    assert response.status_code == 404


def test_candidate_page_shows_sections_in_reading_order(recruiter_client, company):
    resume = ResumeFactory(
        company=company,
        sections={"skills": "Python", "contact": "a@b.c", "interests": "Chess", "experience": "Acme", "summary": "Hi"},
    )
    html = recruiter_client.get(f"/candidates/{resume.pk}/").content.decode()
    positions = [html.index(f"<h2>{title}</h2><pre") for title in ("Summary", "Experience", "Skills", "Interests")]
    assert positions == sorted(positions) and "<h2>Contact</h2><pre" not in html


def test_talent_pool_filters_by_search_skill_and_status(recruiter_client, company):
    ResumeFactory(company=company, candidate_name="Zed Python", skill_names=["Python"])
    ResumeFactory(company=company, candidate_name="Nora Nurse", skill_names=["Patient Care"], status="failed")
    for params in ({"q": "zed"}, {"skill": "python"}, {"status": "processed"}):
        page = recruiter_client.get("/candidates/", params).content
        assert b"Zed Python" in page and b"Nora Nurse" not in page, params


def test_talent_pool_names_a_bad_filter_and_lists_nobody(recruiter_client, company):
    ResumeFactory(company=company, candidate_name="Zed Python")
    response = recruiter_client.get("/candidates/", {"status": "bogus"})
    assert response.status_code == 400
    assert "“status”" in response.content.decode() and b"Zed Python" not in response.content
