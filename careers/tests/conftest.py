import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.tests.documents import RESUME_TEXT, make_pdf


@pytest.fixture
def pdf_resume():
    def build(name="maria.pdf", text=RESUME_TEXT):
        return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")

    return build
