"""Checking uploads before anything is stored: size, type by content, ZIP archives."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.tests.documents import RESUME_TEXT, make_docx, make_pdf, make_zip, make_zip_bomb
from resumes.uploads import UploadRejected, classify, read_upload, safe_filename


def test_type_is_decided_by_content_not_name():
    accepted, _ = classify("cv.txt", make_pdf(RESUME_TEXT))
    assert [item.kind for item in accepted] == ["pdf"]
    with pytest.raises(UploadRejected, match="Accepted types are PDF"):
        classify("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)


@pytest.mark.parametrize(
    "name, expected",
    [("../../x.pdf", "x.pdf"), ("C:\\Users\\me\\cv.docx", "cv.docx"), ("", "resume"), ("..", "resume")],
)
def test_uploaded_names_are_reduced_to_base_names(name, expected):
    assert safe_filename(name) == expected


def test_size_limit_and_empty_file(settings):
    settings.SHORTLIST_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(UploadRejected, match="larger than"):
        read_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000))
    with pytest.raises(UploadRejected, match="empty"):
        read_upload(SimpleUploadedFile("empty.pdf", b""))


def test_zip_of_resumes_is_expanded_and_others_refused_with_reasons():
    archive = make_zip(
        {
            "batch/a.pdf": make_pdf(RESUME_TEXT),
            "batch/b.docx": make_docx(RESUME_TEXT),
            "batch/logo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 50,
            "__MACOSX/._a.pdf": b"junk",
        }
    )
    accepted, refused = classify("batch.zip", archive)
    assert [(item.name, item.kind) for item in accepted] == [("a.pdf", "pdf"), ("b.docx", "docx")]
    assert [item.name for item in refused] == ["logo.png"]
    assert "not supported" in refused[0].reason


def test_zip_bomb_is_refused_without_expanding_it(settings):
    settings.SHORTLIST_MAX_ZIP_EXPANDED_BYTES = 20 * 1024 * 1024
    bomb = make_zip_bomb(64 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UploadRejected, match="expands past"):
        classify("bomb.zip", bomb)


def test_too_many_zip_members(settings):
    settings.SHORTLIST_MAX_ZIP_MEMBERS = 3
    archive = make_zip({f"{n}.txt": RESUME_TEXT.encode() for n in range(5)})
    with pytest.raises(UploadRejected, match="at most 3"):
        classify("many.zip", archive)


def test_damaged_zip():
    with pytest.raises(UploadRejected, match="damaged"):
        classify("broken.zip", b"PK\x03\x04" + b"\0" * 40)
