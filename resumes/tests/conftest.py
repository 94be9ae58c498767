import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.tests.documents import RESUME_TEXT, make_docx, make_pdf


@pytest.fixture
def pdf_upload():
    def build(name="maria.pdf", text=RESUME_TEXT):
        return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")

    return build


@pytest.fixture
def docx_upload():
    def build(name="maria.docx", text=RESUME_TEXT):
        return SimpleUploadedFile(name, make_docx(text), content_type="application/octet-stream")

    return build
