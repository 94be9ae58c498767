"""Tests for resumes.extraction: pure Python, no database, no Django imports.

Documents are built in memory: PDFs by hand (a few objects and a content
stream), DOCX files with python-docx plus raw XML for text boxes, scans with
Pillow. Tests on the shared corpora skip when it is absent (fail in CI:
config/tests/corpora.py).
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile

import pytest

from config.tests.corpora import require_corpora
from resumes import extraction
from resumes.extraction import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    ExtractionTimeoutError,
    NoReadableTextError,
    OCRUnavailableError,
    detect_kind,
    extract_text,
    normalize_text,
    text_quality,
)

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract binary not installed (apt-get install tesseract-ocr)"
)

RESUME_LINES = [
    "Jane Example",
    "Senior Data Analyst",
    "jane@example.com | +1 (415) 555-0142 | Berlin, Germany",
    "EXPERIENCE",
    "Data Analyst at Acme Corp, Jan 2019 - Present",
    "Built dashboards and reporting pipelines for the finance team",
    "EDUCATION",
    "Bachelor of Science in Statistics",
]


# --------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------


def build_pdf(pages: list[list[tuple[float, float, str]]], *, width: int = 612, height: int = 792) -> bytes:
    """A minimal PDF; each page is a list of (x, y, text) chunks drawn in order."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_id = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = add(b"")
    page_ids = []
    for chunks in pages:
        ops = []
        for x, y, text in chunks:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 11 Tf {x} {y} Td ({escaped}) Tj ET")
        stream = "\n".join(ops).encode("cp1252")
        content_id = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {width} {height}] "
                f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
            )
        )
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    catalog_id = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog_id, xref)
    return bytes(out)


def text_pdf(lines: list[str] = RESUME_LINES, pages: int = 1) -> bytes:
    return build_pdf(
        [
            [(72, 720 - 16 * i, f"{line}" if pages == 1 else f"Page {p + 1}: {line}") for i, line in enumerate(lines)]
            for p in range(pages)
        ]
    )


def test_pdf_page_footers_stay_out_of_the_text():
    body = [(72, 720 - 16 * i, line) for i, line in enumerate(RESUME_LINES)]
    pages = [[*body, (280, 40, "1/2")], [*body, (260, 40, "Page 2 of 2")]]
    lines = extract_text(build_pdf(pages), "pdf").text.splitlines()
    assert RESUME_LINES[1] in lines
    assert "1/2" not in lines and "Page 2 of 2" not in lines


def encrypted_pdf(**encrypt_kwargs) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(**encrypt_kwargs)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """An image-only PDF: text rendered to pixels, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.load_default(size=56)
    except TypeError:  # Pillow without FreeType
        pytest.skip("Pillow cannot render scalable text here")
    image = Image.new("L", (1700, 140 * max(len(lines), 1) + 80), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((80, 60 + 130 * index), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=200)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXTBOX_RUN = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
        <wps:wsp><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p>
          <w:p><w:r><w:t>Textbox: Kubernetes and Terraform</w:t></w:r></w:p>
        </w:txbxContent></wps:txbx></wps:wsp>
      </a:graphicData></a:graphic></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p>
        <w:p><w:r><w:t>Textbox: Kubernetes and Terraform</w:t></w:r></w:p>
      </w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""
VML_ONLY_TEXTBOX_RUN = f"""
<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml">
  <w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Legacy box: Certified Scrum Master</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict>
</w:r>
"""


def build_docx(*, textbox: bool = True) -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Jane Example - Resume"
    section.footer.paragraphs[0].text = "References available on request"
    document.add_paragraph("Jane Example")
    anchor = document.add_paragraph("Senior Data Analyst")
    if textbox:
        anchor._p.append(parse_xml(TEXTBOX_RUN))
        document.add_paragraph()._p.append(parse_xml(VML_ONLY_TEXTBOX_RUN))
    document.add_paragraph("EXPERIENCE")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "2019 - Present"
    right = table.cell(0, 1)
    right.text = "Data Analyst, Acme Corp"
    nested = right.add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "Nested cell: Tableau dashboards"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MINIMAL_DOCUMENT_XML = (
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Jane Example</w:t></w:r></w:p></w:body></w:document>'
).encode()


def docx_with_zero_member(size: int) -> bytes:
    """A DOCX with a highly compressible member of `size` bytes, streamed so
    the test never holds it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", MINIMAL_DOCUMENT_XML)
        block = b"\0" * (1024 * 1024)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(size // len(block)):
                member.write(block)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# detect_kind
# --------------------------------------------------------------------------


class TestDetectKind:
    def test_pdf_by_magic_bytes(self):
        assert detect_kind(text_pdf()) == "pdf"

    def test_pdf_with_junk_before_header(self):
        assert detect_kind(b"\x00" * 300 + text_pdf()) == "pdf"

    def test_docx_is_a_zip_with_word_document(self):
        assert detect_kind(build_docx(textbox=False)) == "docx"

    def test_other_zip_is_zip(self):
        assert detect_kind(zip_bytes({"a.pdf": text_pdf(), "b.txt": b"hello"})) == "zip"

    @pytest.mark.parametrize(
        "data",
        [
            b"Jane Example\nData Analyst\n",
            "Zoë Müller — Ingénieure\n".encode(),
            "\ufeffJane Example\n".encode("utf-8"),
            "Jane Example\r\nCafé résumé – Analyst\r\n".encode("cp1252"),
            b"\xff\xfe" + "Jane Example\nAnalyst\n".encode("utf-16-le"),
        ],
        ids=["utf8", "utf8-accents", "utf8-bom", "cp1252", "utf16-bom"],
    )
    def test_text(self, data):
        assert detect_kind(data) == "txt"

    @pytest.mark.parametrize(
        "data",
        [
            b"",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            bytes(range(256)) * 4,
            b"{\\rtf1\\ansi Jane}",
            b"PK\x03\x04broken",
        ],
        ids=["empty", "png", "binary", "rtf", "broken-zip"],
    )
    def test_unsupported_is_none(self, data):
        assert detect_kind(data) is None


# --------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------


class TestNormalizeText:
    def test_ligatures_and_compatibility_forms(self):
        assert normalize_text("ﬁnance ﬂow ｆｕｌｌ") == "finance flow full"

    @pytest.mark.parametrize("bullet", ["•", "▪", "●", "\uf0b7", "◦", "–", "(cid:127)", "-", "*", "➢"])
    def test_bullets_at_line_start_become_dashes(self, bullet):
        assert normalize_text(f"{bullet} Built pipelines\n{bullet}  Led a team") == "- Built pipelines\n- Led a team"

    def test_mid_line_dash_is_kept(self):
        assert normalize_text("2019 – Present") == "2019 – Present"

    def test_dehyphenates_words_split_across_lines(self):
        assert normalize_text("software develop-\nment for banks") == "software development\nfor banks"

    @pytest.mark.parametrize("compound", ["full-\ntime", "event-\ndriven", "cross-\nfunctional", "cloud-\nnative"])
    def test_keeps_real_hyphens(self, compound):
        assert normalize_text(f"a {compound} role").replace("\n", " ") == f"a {compound.replace(chr(10), '')} role"

    def test_keeps_hyphen_seen_elsewhere_in_the_document(self):
        assert "data-\nbase" not in normalize_text("data-base here\nand a data-\nbase there")
        assert "and a data-base\nthere" in normalize_text("data-base here\nand a data-\nbase there")

    def test_soft_hyphen_and_unicode_hyphens(self):
        assert normalize_text("on-\u00ad\u2010campus 123\u2212456") == "on-campus 123-456"
        assert normalize_text("manage\u00ad\nment") == "management"

    def test_spaces_blank_lines_and_control_characters(self):
        raw = "Jane\t\tExample  \n\n\n\nAnalyst\x07\x0b here\u200b\n\n\n"
        assert normalize_text(raw) == "Jane Example\n\nAnalyst here"

    def test_letter_spaced_headings(self):
        assert normalize_text("J O H N  D O E\nS E N I O R  D E V E L O P E R") == "JOHN DOE\nSENIOR DEVELOPER"

    def test_mojibake_from_utf8_read_as_cp1252(self):
        assert normalize_text("â€¢Sales and Â\u00a0Marketing â€“ 5 years") == "- Sales and Marketing – 5 years"

    def test_lone_cr_inside_pdf_text_is_a_space(self):
        assert normalize_text("Leo\t\r \xa0Leopard\nAnalyst") == "Leo Leopard\nAnalyst"

    @pytest.mark.parametrize(
        "footer", ["1/2", "2 / 2", "Page 1 of 2", "page 2/3", "PAGE 3", "- 2 -", "1 of 2", "Seite 1 von 2"]
    )
    def test_page_number_footers_are_dropped(self, footer):
        text = f"Built pipelines\n{footer}\n\f\nLed a team"
        assert normalize_text(text) == "Built pipelines\n\nLed a team"

    @pytest.mark.parametrize(
        "line", ["3/2021", "2/1", "10 of 12 engineers hired", "Page Layout", "Score 9/10", "1/2 marathon"]
    )
    def test_lines_that_only_look_like_page_numbers_stay(self, line):
        assert normalize_text(f"Skills\n{line}\nMore") == f"Skills\n{line}\nMore"

    def test_empty(self):
        assert normalize_text("") == ""


def test_text_quality_flags_glued_and_unmapped_text():
    good = "Responsible for implementing and managing an end-to-end pipeline for the data team. " * 5
    glued = "Responsibleforimplementingandmanaginganend-to-endCI/CDPipelinewithcustomvalidations " * 5
    assert text_quality(good) > 0.95
    assert text_quality(glued) < 0.5
    assert text_quality("(cid:12)(cid:13) (cid:14)(cid:15) data") < 0.5


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------


class TestPdf:
    def test_text_layer_read_directly(self):
        result = extract_text(text_pdf(), "pdf")
        assert result.method in ("pdfium", "pypdf")
        assert result.pages == 1
        assert result.text.splitlines()[:2] == ["Jane Example", "Senior Data Analyst"]
        assert result.quality > 0.9
        assert result.warnings == []

    def test_max_pages(self):
        result = extract_text(text_pdf(pages=3), "pdf", max_pages=2)
        assert result.pages == 3
        assert "Page 2: Jane Example" in result.text
        assert "Page 3" not in result.text
        assert any("first 2 of 3 pages" in warning for warning in result.warnings)

    def test_time_limit(self):
        with pytest.raises(ExtractionTimeoutError) as caught:
            extract_text(text_pdf(), "pdf", time_limit=0)
        assert caught.value.permanent is False

    def test_two_column_page_written_row_by_row_uses_pdfminer_layout(self):
        left = ["SKILLS", "Python", "SQL", "Tableau", "Excel", "LANGUAGES", "English", "German", "Spanish"]
        right = [
            "EXPERIENCE",
            "Senior analyst at Acme Corporation in Berlin",
            "building dashboards for the finance team and",
            "automating the monthly reporting with Python",
            "Analyst at Example GmbH in Munich where I",
            "maintained the data warehouse and wrote the",
            "documentation for all of the reporting jobs",
            "Junior analyst at Northwind Traders in Hamburg",
            "responsible for cleaning the sales data",
        ]
        chunks = []
        for index, (left_text, right_text) in enumerate(zip(left, right)):
            y = 720 - 16 * index
            chunks += [(72, y, left_text), (250, y, right_text)]  # row by row across both columns
        result = extract_text(build_pdf([chunks]), "pdf")
        assert result.method == "pdfminer"
        lines = result.text.splitlines()
        # Columns are not glued together line by line.
        assert "Python" in lines and "Senior analyst at Acme Corporation in Berlin" in lines
        assert lines.index("Senior analyst at Acme Corporation in Berlin") + 1 == lines.index(
            "building dashboards for the finance team and"
        )

    def test_two_column_page_written_column_by_column_keeps_stream_order(self):
        left = ["SKILLS", "Python", "SQL", "Tableau", "Excel", "LANGUAGES", "English"]
        right = ["EXPERIENCE", "Senior analyst at Acme Corporation in Berlin"] + [
            "building dashboards for the finance team and more"
        ] * 5
        chunks = [(72, 720 - 16 * i, text) for i, text in enumerate(left)]
        chunks += [(250, 720 - 16 * i, text) for i, text in enumerate(right)]
        result = extract_text(build_pdf([chunks]), "pdf")
        assert result.method in ("pdfium", "pypdf")
        assert result.text.startswith("SKILLS\nPython")

    def test_password_protected(self):
        with pytest.raises(EncryptedDocumentError) as caught:
            extract_text(encrypted_pdf(user_password="secret", owner_password="owner", algorithm="AES-256"), "pdf")
        assert "password-protected" in caught.value.reason
        assert caught.value.permanent is True

    def test_owner_password_only_is_readable(self):
        # Permissions-only encryption opens with the empty user password.
        data = encrypted_pdf(user_password="", owner_password="owner", algorithm="AES-128")
        assert "Jane Example" in extract_text(data, "pdf").text

    @pytest.mark.parametrize(
        "data",
        [b"%PDF-1.4\nthis is not really a pdf", text_pdf()[: len(text_pdf()) // 2]],
        ids=["garbage", "truncated"],
    )
    def test_corrupt(self, data):
        with pytest.raises(CorruptDocumentError):
            extract_text(data, "pdf")

    def test_empty_file(self):
        with pytest.raises(EmptyDocumentError):
            extract_text(b"", "pdf")

    def test_scanned_without_ocr_allowed(self):
        with pytest.raises(NoReadableTextError) as caught:
            extract_text(scanned_pdf(["Jane Example"]), "pdf", ocr=False)
        assert "scan" in caught.value.reason

    def test_scanned_when_tesseract_is_missing(self, monkeypatch):
        monkeypatch.setattr(shutil, "which", lambda name: None)
        with pytest.raises(OCRUnavailableError) as caught:
            extract_text(scanned_pdf(["Jane Example"]), "pdf")
        assert caught.value.permanent is False
        assert "Tesseract" in caught.value.reason

    @needs_tesseract
    def test_scanned_pdf_is_read_with_ocr(self):
        data = scanned_pdf(["Jane Example", "Senior Data Analyst", "Python SQL Tableau"])
        result = extract_text(data, "pdf")
        assert result.method == "ocr"
        assert "Senior Data Analyst" in result.text
        assert "Tableau" in result.text
        assert any("OCR" in warning for warning in result.warnings)

    @needs_tesseract
    def test_blank_scan_has_no_readable_text(self):
        with pytest.raises(NoReadableTextError):
            extract_text(scanned_pdf([]), "pdf")


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------


class TestDocx:
    def test_paragraphs_tables_headers_footers_and_text_boxes(self):
        result = extract_text(build_docx(), "docx")
        text = result.text
        assert result.method == "docx"
        assert text.startswith("Jane Example - Resume")  # header first
        for expected in (
            "Senior Data Analyst",
            "2019 - Present",
            "Data Analyst, Acme Corp",
            "Nested cell: Tableau dashboards",
            "Legacy box: Certified Scrum Master",
            "References available on request",
        ):
            assert expected in text
        # mc:AlternateContent holds the box twice (Choice and Fallback): read once.
        assert text.count("Textbox: Kubernetes and Terraform") == 1
        assert text.count("jane@example.com") == 1
        # The box's lines follow the paragraph they are anchored in.
        assert text.index("Senior Data Analyst") < text.index("Textbox: Kubernetes") < text.index("EXPERIENCE")

    def test_zip_bomb_is_refused_before_parsing(self):
        data = docx_with_zero_member(200 * 1024 * 1024)
        assert len(data) < 1024 * 1024  # 200 MB of zeros squeezed below 1 MB
        started = time.monotonic()
        with pytest.raises(DocumentTooLargeError):
            extract_text(data, "docx")
        assert time.monotonic() - started < 1.0

    def test_extreme_compression_ratio_is_refused_under_the_size_limit(self):
        with pytest.raises(DocumentTooLargeError):
            extract_text(docx_with_zero_member(8 * 1024 * 1024), "docx")

    def test_size_limit_is_a_parameter(self):
        with pytest.raises(DocumentTooLargeError):
            extract_text(build_docx(), "docx", max_uncompressed=10_000)

    def test_too_many_members(self):
        members = {"word/document.xml": MINIMAL_DOCUMENT_XML}
        members.update({f"word/media/{index}.xml": b"x" for index in range(extraction.DEFAULT_MAX_ZIP_MEMBERS + 1)})
        with pytest.raises(DocumentTooLargeError):
            extract_text(zip_bytes(members), "docx")

    def test_lying_size_header_is_not_trusted(self):
        # Declare 100 bytes for a 2 MB document.xml: the declared total passes
        # the check, the bounded read must still refuse it.
        real = (b"<w:document xmlns:w='%s'><w:body>" % W_NS.encode()) + b"<w:p/>" * 350_000 + b"</w:body></w:document>"
        data = bytearray(zip_bytes({"word/document.xml": real}))
        central = data.find(b"PK\x01\x02")
        data[central + 24 : central + 28] = (100).to_bytes(4, "little")
        with pytest.raises((DocumentTooLargeError, CorruptDocumentError)):
            extract_text(bytes(data), "docx", max_uncompressed=1024 * 1024)

    def test_corrupt_docx(self):
        with pytest.raises(CorruptDocumentError):
            extract_text(b"PK\x03\x04 definitely not a zip file", "docx")

    def test_invalid_xml(self):
        with pytest.raises(CorruptDocumentError):
            extract_text(zip_bytes({"word/document.xml": b"<w:document><unclosed>"}), "docx")

    def test_entities_are_not_expanded(self):
        xml = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<w:document xmlns:w='%s'><w:body><w:p><w:r><w:t>Jane &x;</w:t></w:r></w:p></w:body></w:document>"
            % W_NS.encode()
        )
        result = extract_text(zip_bytes({"word/document.xml": xml}), "docx")
        assert "root:" not in result.text

    def test_document_without_text(self):
        empty = f'<w:document xmlns:w="{W_NS}"><w:body><w:p/></w:body></w:document>'.encode()
        with pytest.raises(NoReadableTextError):
            extract_text(zip_bytes({"word/document.xml": empty}), "docx")


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Zoë Müller\nIngénieure – Café\n".encode(),
        "\ufeffZoë Müller\nIngénieure – Café\n".encode("utf-8"),
        b"\xff\xfe" + "Zoë Müller\nIngénieure – Café\n".encode("utf-16-le"),
        b"\xfe\xff" + "Zoë Müller\nIngénieure – Café\n".encode("utf-16-be"),
        "Zoë Müller\r\nIngénieure – Café\r\n".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "cp1252"],
)
def test_plain_text_encodings(data):
    result = extract_text(data, "txt")
    assert result.method == "text"
    assert result.text == "Zoë Müller\nIngénieure – Café"


def test_whitespace_only_text_is_empty():
    with pytest.raises(EmptyDocumentError):
        extract_text(b"  \n\t\n", "txt")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        extract_text(b"data", "zip")


@pytest.mark.parametrize(
    "error",
    [
        EncryptedDocumentError(),
        EmptyDocumentError(),
        CorruptDocumentError(),
        DocumentTooLargeError(),
        NoReadableTextError(),
        OCRUnavailableError(),
        ExtractionTimeoutError(),
    ],
)
def test_error_messages_are_sentences_for_recruiters(error):
    assert isinstance(error, ExtractionError)
    assert error.reason[0].isupper() and error.reason.endswith(".")
    assert str(error) == error.reason


# --------------------------------------------------------------------------
# Real resumes from the shared corpora
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative", ["single-column.pdf", "two-column.pdf", "modern-single-column.pdf", "modern-two-column.pdf"]
)
def test_template_layouts_keep_reading_order(relative):
    data = require_corpora("resumes/resume-matcher/templates", relative).read_bytes()
    result = extract_text(data, detect_kind(data))
    assert result.method in ("pdfium", "pypdf")
    text = result.text
    assert "john.doe@email.com" in text
    # The experience bullets of one job stay together (no interleaved skills).
    assert text.index("Designed and implemented real-time fraud detection") < text.index("Led migration of legacy")
    assert "Kubernetes" in text


def test_words_glued_by_pypdf_are_read_another_way():
    data = require_corpora("resumes/pyresparser/OmkarResume.pdf").read_bytes()
    result = extract_text(data, "pdf")
    assert result.method in ("pdfium", "pdfminer")
    assert result.pages == 3
    assert "Responsible for implementing and managing" in result.text
    assert result.quality > 0.9


def test_corpus_docx_and_txt():
    folder = require_corpora("resumes/misc/froasted")
    for name in ("sample_resume.docx", "sample_resume.txt"):
        data = (folder / name).read_bytes()
        result = extract_text(data, detect_kind(data))
        assert result.quality > 0.9
        assert len(result.text) > 500


def test_a_letter_spaced_name_keeps_its_word_break():
    from resumes.parsing import parse_resume
    from resumes.tests.documents import RESUME_TEXT, make_pdf

    result = extract_text(make_pdf(RESUME_TEXT.replace("Maria Garcia", "MARIA GARCIA"), first_line_tracking=400), "pdf")
    assert result.text.splitlines()[0] == "MARIA GARCIA"
    assert parse_resume(result.text).candidate_name.lower() == "maria garcia"


def test_glyph_by_glyph_pdfs_get_their_spaces_back():
    folder = require_corpora("labeled", "livecareer-dev")
    sample = sorted(folder.glob("*/*.pdf"))[:10]
    results = [extract_text(path.read_bytes(), "pdf") for path in sample]
    assert sum(result.method == "pdfium" for result in results) >= 8
    assert all(result.quality > 0.97 for result in results)
    joined = "\n".join(result.text for result in results)
    assert "financial statements" in joined or "Company Name" in joined
