"""Checking uploads before anything is stored: size, type by content, ZIP archives."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resumes.extraction import detect_kind
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
    assert [item.name for item in refused] == ["logo.png", "__MACOSX"]
    assert "not supported" in refused[0].reason
    assert "1 macOS metadata file" in refused[1].reason


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


def _stored_zip(members: dict[str, bytes]) -> bytes:
    """What `zip -0` writes: members stored as they are, so the first one's bytes sit near offset 0."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_stored_zip_whose_first_member_is_a_pdf_is_a_zip_not_one_pdf():
    archive = _stored_zip(
        {
            "a.pdf": make_pdf(RESUME_TEXT),
            "b.txt": RESUME_TEXT.replace("Maria", "Ana").encode(),
            "c.docx": make_docx(RESUME_TEXT),
            "photo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 50,
        }
    )
    assert b"%PDF-" in archive[:1024]  # the trap: a PDF header inside the first kilobyte
    assert detect_kind(archive) == "zip"
    accepted, refused = classify("batch.zip", archive)
    assert [(item.name, item.kind) for item in accepted] == [("a.pdf", "pdf"), ("b.txt", "txt"), ("c.docx", "docx")]
    assert [(item.name, "not supported" in item.reason) for item in refused] == [("photo.png", True)]


def test_stored_docx_is_still_a_docx():
    docx = make_docx(RESUME_TEXT)
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        stored = _stored_zip({info.filename: source.read(info) for info in source.infolist()})
    assert detect_kind(stored) == "docx"
    accepted, refused = classify("cv.docx", stored)
    assert [item.kind for item in accepted] == ["docx"] and refused == []


def test_every_zip_member_is_accepted_or_refused_with_a_reason():
    inner = make_zip({"x.pdf": make_pdf(RESUME_TEXT)})
    archive = _stored_zip(
        {
            "folder/": b"",
            "folder/a.pdf": make_pdf(RESUME_TEXT),
            "folder/inner.zip": inner,
            "folder/empty.txt": b"",
            "folder/.DS_Store": b"\0\0\0\1Bud1" + b"\0" * 20,
            "__MACOSX/folder/._a.pdf": b"\0\5\x16\7" + b"\0" * 20,
            "notes.rtf": b"{\\rtf1 hello}",
        }
    )
    accepted, refused = classify("batch.zip", archive)
    assert [item.name for item in accepted] == ["a.pdf"]
    reasons = {item.name: item.reason for item in refused}
    assert set(reasons) == {"inner.zip", "empty.txt", "notes.rtf", "__MACOSX"}
    assert "ZIP archive inside" in reasons["inner.zip"]
    assert "empty" in reasons["empty.txt"]
    assert "not supported" in reasons["notes.rtf"]
    assert "2 macOS metadata files" in reasons["__MACOSX"]
