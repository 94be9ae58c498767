from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.tests.documents import RESUME_TEXT, make_pdf


@pytest.fixture
def pdf_resume() -> Callable[..., SimpleUploadedFile]:
    def build(name: str = "maria.pdf", text: str = RESUME_TEXT) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")

    return build
