import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.tests.factories import JobFactory
from resumes.models import Resume
from resumes.tests.documents import RESUME_TEXT, make_docx, make_pdf, make_zip
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_many_files_with_a_job(recruiter_api, company):
    job = JobFactory(company=company)
    response = recruiter_api.post(
        "/api/v1/resumes/upload",
        {
            "files": [
                SimpleUploadedFile("a.pdf", make_pdf(RESUME_TEXT)),
                SimpleUploadedFile("b.docx", make_docx(RESUME_TEXT.replace("Maria", "Ana"))),
                SimpleUploadedFile("notes.exe", b"MZ\x90\x00" + b"\0" * 64),
            ],
            "job_id": str(job.pk),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    results = response.json()["results"]
    assert [r["original_filename"] for r in results] == ["a.pdf", "b.docx", "notes.exe"]
    assert [r["status"] for r in results] == ["processed", "processed", "refused"]
    assert "Accepted types" in results[2]["error"]
    detail = recruiter_api.get(f"/api/v1/resumes/{results[0]['id']}").json()
    assert detail["email"] == "maria.garcia@example.org"
    assert detail["job_id"] == str(job.pk) and "Python" in detail["skill_names"]
    assert {"sections", "extracted_skills", "content", "links", "phone"} <= set(detail)


def test_upload_a_zip(recruiter_api):
    archive = make_zip({"one.pdf": make_pdf(RESUME_TEXT), "two.txt": RESUME_TEXT.replace("Maria", "Eve").encode()})
    response = recruiter_api.post(
        "/api/v1/resumes/upload", {"files": [SimpleUploadedFile("batch.zip", archive)]}, format="multipart"
    )
    assert response.status_code == 201
    assert [r["original_filename"] for r in response.json()["results"]] == ["one.pdf", "two.txt"]


def test_nothing_acceptable_is_a_400_with_reasons(recruiter_api):
    response = recruiter_api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 9)]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["results"][0]["status"] == "refused"


def test_malformed_upload_requests(recruiter_api, settings):
    assert recruiter_api.post("/api/v1/resumes/upload", {}, format="multipart").status_code == 400
    json_body = recruiter_api.post("/api/v1/resumes/upload", {"files": "nope"}, format="json")
    assert json_body.status_code == 415
    bad_job = recruiter_api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile("a.txt", RESUME_TEXT.encode())], "job_id": "not-a-uuid"},
        format="multipart",
    )
    assert bad_job.status_code == 400 and "job_id" in bad_job.json()


def test_forty_megabyte_upload_is_refused_cleanly(recruiter_api):
    huge = SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (40 * 1024 * 1024))
    response = recruiter_api.post("/api/v1/resumes/upload", {"files": [huge]}, format="multipart")
    assert response.status_code == 400
    assert "larger than the 10 MB limit" in response.json()["results"][0]["error"]
    assert Resume.objects.count() == 0


def test_another_companys_job_id_is_404(recruiter_api, other_company):
    theirs = JobFactory(company=other_company)
    response = recruiter_api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile("a.txt", RESUME_TEXT.encode())], "job_id": str(theirs.pk)},
        format="multipart",
    )
    assert response.status_code == 404 and Resume.objects.count() == 0


def test_list_filters_and_download(recruiter_api, company):
    ResumeFactory(company=company, candidate_name="Zed Python", skill_names=["Python", "Go"])
    ResumeFactory(company=company, candidate_name="Nora Nurse", skill_names=["Patient Care"], status="failed")
    assert recruiter_api.get("/api/v1/resumes", {"skill": "python"}).json()["count"] == 1
    assert (
        recruiter_api.get("/api/v1/resumes", {"status": "failed"}).json()["results"][0]["candidate_name"]
        == "Nora Nurse"
    )
    assert recruiter_api.get("/api/v1/resumes", {"search": "zed"}).json()["count"] == 1
    resume = Resume.objects.get(candidate_name="Zed Python")
    download = recruiter_api.get(f"/api/v1/resumes/{resume.pk}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"Jane Smith")
    assert "attachment" in download["Content-Disposition"]


def test_retry_and_delete(recruiter_api, company):
    resume = ResumeFactory(company=company, status="failed", error="boom", content=RESUME_TEXT)
    response = recruiter_api.post(f"/api/v1/resumes/{resume.pk}/retry")
    assert response.status_code == 200 and response.json()["status"] == "processed"
    assert recruiter_api.delete(f"/api/v1/resumes/{resume.pk}").status_code == 204
    assert not Resume.objects.filter(pk=resume.pk).exists()


def test_a_permanent_failure_is_not_retryable(recruiter_api, company):
    locked = ResumeFactory(
        company=company, status="failed", error="This PDF is password-protected.", failure_permanent=True
    )
    passing = ResumeFactory(company=company, status="failed", error="boom")
    assert recruiter_api.get(f"/api/v1/resumes/{locked.pk}").json()["retryable"] is False
    assert recruiter_api.get(f"/api/v1/resumes/{passing.pk}").json()["retryable"] is True
    response = recruiter_api.post(f"/api/v1/resumes/{locked.pk}/retry")
    assert response.status_code == 400 and "not retryable" in str(response.json())


def test_hiring_manager_reads_but_cannot_upload_or_delete(manager_api, company):
    resume = ResumeFactory(company=company)
    assert manager_api.get(f"/api/v1/resumes/{resume.pk}").status_code == 200
    upload = manager_api.post(
        "/api/v1/resumes/upload", {"files": [SimpleUploadedFile("a.txt", RESUME_TEXT.encode())]}, format="multipart"
    )
    assert upload.status_code == 403
    assert manager_api.delete(f"/api/v1/resumes/{resume.pk}").status_code == 403


@pytest.mark.parametrize(
    "method, suffix", [("get", ""), ("delete", ""), ("post", "/retry"), ("get", "/file"), ("get", "/matches")]
)
def test_another_companys_resume_is_404(outsider_api, company, method, suffix):
    resume = ResumeFactory(company=company)
    response = getattr(outsider_api, method)(f"/api/v1/resumes/{resume.pk}{suffix}")
    assert response.status_code == 404
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_an_upload_that_fails_while_processing_in_the_request_says_why(recruiter_api):
    # Eager mode processes inside the request: a file with no readable text is
    # accepted, fails, and the answer carries the reason, never "error": "".
    response = recruiter_api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile("blank.txt", b" \n\t\n" * 4 + b"\xc2\xa0\n")]},
        format="multipart",
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] in (["failed"], ["refused"])
    assert results[0]["error"].strip(), results
    blank_pdf = make_pdf("")
    response = recruiter_api.post(
        "/api/v1/resumes/upload", {"files": [SimpleUploadedFile("blank.pdf", blank_pdf)]}, format="multipart"
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["failed"], results
    assert results[0]["error"] == Resume.objects.get(pk=results[0]["id"]).error != ""


@pytest.mark.parametrize("params, field", [({"status": "bogus"}, "status"), ({"skill": "x" * 201}, "skill")])
def test_a_bad_filter_value_is_a_400_naming_it(recruiter_api, company, params, field):
    ResumeFactory(company=company)
    response = recruiter_api.get("/api/v1/resumes", params)
    assert response.status_code == 400 and field in response.json()
