"""Real documents built in memory for tests: PDFs with a text layer, DOCX files, ZIPs."""

from __future__ import annotations

import io
import zipfile


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(text: str, *, first_line_tracking: int = 0) -> bytes:
    """A one-page PDF whose text layer holds `text` (Helvetica, one line per line).

    `first_line_tracking` letter-spaces the first line by placing every glyph on
    its own (a TJ array, in thousandths of an em), as designed resumes do with the
    candidate's name; words are set apart by a wider gap and no space glyph.
    """
    lines = text.splitlines() or [""]
    stream_lines = ["BT", "/F1 10 Tf", "14 TL", "50 780 Td"]
    for number, line in enumerate(lines[:54]):
        line = _pdf_escape(line.encode("latin-1", "replace").decode("latin-1"))
        if number == 0 and first_line_tracking:
            pieces = []
            for word in line.split(" "):
                pieces.append(f" -{first_line_tracking} ".join(f"({char})" for char in word))
            stream_lines.append("[" + f" -{first_line_tracking + 600} ".join(pieces) + "] TJ T*")
        else:
            stream_lines.append(f"({line}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_encrypted_pdf(text: str, password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(text))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_zip_bomb(expanded_bytes: int) -> bytes:
    """A small ZIP whose one member expands to `expanded_bytes` of zeros (written in pieces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("resume.txt", "w", force_zip64=True) as member:
            piece = b"\0" * (1 << 20)
            for _ in range(expanded_bytes // len(piece)):
                member.write(piece)
    return buffer.getvalue()


RESUME_TEXT = """Maria Garcia
maria.garcia@example.org | (617) 555-0199 | Boston, MA
linkedin.com/in/mariagarcia

Summary
Backend engineer with eight years building payment systems in Python and Go.

Experience
Senior Software Engineer, Ledger Corp, Jan 2019 - Present
- Designed REST APIs in Python and Django serving 2M requests a day.
- Moved billing to PostgreSQL and Redis; cut latency by 40%.
Software Engineer, Shopline, Jun 2015 - Dec 2018
- Built checkout services in Go with Kafka and Docker.

Education
B.S. in Computer Science, Northeastern University, 2015

Skills
Python, Django, Go, PostgreSQL, Redis, Kafka, Docker, Kubernetes, AWS
"""
