"""The progress of a bulk upload: n of N processed, the failed ones with their
reasons, polled by htmx until every file is settled."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.models import ResumeStatus
from resumes.tests.factories import SAMPLE_TEXT, ResumeFactory

pytestmark = pytest.mark.django_db


def _batch(company, **statuses):
    batch_id = uuid.uuid4()
    for status, count in statuses.items():
        for n in range(count):
            ResumeFactory(
                company=company,
                upload_batch=batch_id,
                status=status,
                original_filename=f"{status}-{n}.pdf",
                error="The PDF is encrypted; upload a copy without a password." if status == "failed" else "",
            )
    return batch_id


def test_the_partial_counts_the_batch_and_keeps_polling_while_files_wait(recruiter_client, company):
    batch_id = _batch(company, processed=3, failed=1, pending=2, processing=1)
    response = recruiter_client.get(f"/candidates/uploads/{batch_id}/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the partial alone, for htmx to swap in
    assert "<strong>3 of 7</strong> processed" in html and "1 failed" in html and "3 waiting" in html
    assert "failed-0.pdf" in html and "The PDF is encrypted" in html
    assert f'hx-get="/candidates/uploads/{batch_id}/"' in html and 'hx-trigger="every 2s"' in html


def test_the_partial_stops_polling_once_every_file_is_settled(recruiter_client, company):
    batch_id = _batch(company, processed=4, failed=1)
    html = recruiter_client.get(f"/candidates/uploads/{batch_id}/", HTTP_HX_REQUEST="true").content.decode()

    assert "<strong>4 of 5</strong> processed" in html and "Done." in html
    assert "hx-trigger" not in html.split('class="upload-results"')[0]
    assert 'data-done="true"' in html


def test_without_htmx_the_progress_is_a_page(recruiter_client, company):
    batch_id = _batch(company, processed=1, pending=1)
    html = recruiter_client.get(f"/candidates/uploads/{batch_id}/").content.decode()
    assert "<html" in html and "<strong>1 of 2</strong> processed" in html


def test_another_companys_batch_is_404(outsider_client, company):
    batch_id = _batch(company, processed=2)
    assert outsider_client.get(f"/candidates/uploads/{batch_id}/").status_code == 404
    assert outsider_client.get(f"/candidates/uploads/{uuid.uuid4()}/").status_code == 404


def _files(*names):
    return [
        SimpleUploadedFile(n, f"{SAMPLE_TEXT}\\nReference {n}\\n".encode(), content_type="text/plain") for n in names
    ]


def test_a_bulk_upload_answers_with_the_batch_panel(recruiter_client, company, monkeypatch):
    # Queued, not processed: the panel the recruiter sees right after dropping the files.
    from resumes import services

    monkeypatch.setattr(services, "_queue_ingest", lambda resume_id, **_: None)
    response = recruiter_client.post(
        "/candidates/upload/", {"files": _files("a.txt", "b.txt", "c.txt")}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<strong>0 of 3</strong> processed" in html and 'hx-trigger="every 2s"' in html
    # One panel polls for the batch, not one request per file.
    assert html.count("hx-trigger") == 1 and 'class="upload-row"' not in html


def test_without_htmx_a_bulk_upload_redirects_to_its_progress_page(recruiter_client, company, monkeypatch):
    from resumes import services
    from resumes.models import Resume

    monkeypatch.setattr(services, "_queue_ingest", lambda resume_id, **_: None)
    response = recruiter_client.post("/candidates/upload/", {"files": _files("a.txt", "b.txt")})
    batch_id = Resume.objects.values_list("upload_batch", flat=True).first()
    assert batch_id is not None
    assert response.status_code == 302 and response["Location"] == f"/candidates/uploads/{batch_id}/"
    assert Resume.objects.filter(upload_batch=batch_id, status=ResumeStatus.PENDING).count() == 2
