"""Text out of DOCX files: body, tables, text boxes, headers and footers, within zip-bomb limits."""

from __future__ import annotations

import io
import re
import zipfile

from resumes.extraction.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    NoReadableTextError,
)
from resumes.extraction.limits import DEFAULT_MAX_ZIP_MEMBERS, MAX_COMPRESSION_RATIO
from resumes.extraction.result import Extraction
from resumes.extraction.text import normalize_text, text_quality

# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TAG_P = f"{{{_W}}}p"
_TAG_T = f"{{{_W}}}t"
_TAG_TAB = f"{{{_W}}}tab"
_TAG_PTAB = f"{{{_W}}}ptab"
_TAG_BR = f"{{{_W}}}br"
_TAG_CR = f"{{{_W}}}cr"
_TAG_NB_HYPHEN = f"{{{_W}}}noBreakHyphen"
_TAG_TXBX = f"{{{_W}}}txbxContent"
_TAG_TC = f"{{{_W}}}tc"
_TAG_ALTERNATE = f"{{{_MC}}}AlternateContent"
_TAG_CHOICE = f"{{{_MC}}}Choice"
_TAG_FALLBACK = f"{{{_MC}}}Fallback"
# Deleted revisions, field instructions and formatting carry no visible text.
_SKIP_TAGS = frozenset(
    f"{{{_W}}}{name}"
    for name in ("del", "delText", "moveFrom", "instrText", "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr", "fldData")
)
_HEADER_RE = re.compile(r"^word/header\d*\.xml$")
_FOOTER_RE = re.compile(r"^word/footer\d*\.xml$")


def _extract_docx(data: bytes, *, max_uncompressed: int) -> Extraction:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocumentError() from exc
    with zf:
        infos = zf.infolist()
        _check_zip_limits(infos, max_uncompressed)
        names = {info.filename: info for info in infos}
        if "word/document.xml" not in names:
            raise CorruptDocumentError("This file is not a Word document; upload a .docx, .pdf or .txt resume.")
        budget = [max_uncompressed]
        headers = sorted(n for n in names if _HEADER_RE.match(n))
        footers = sorted(n for n in names if _FOOTER_RE.match(n))
        blocks: list[str] = []
        seen_extra: set[str] = set()
        for name in [*headers, "word/document.xml", *footers]:
            xml = _read_member_bounded(zf, names[name], budget)
            part_text = _docx_part_text(xml)
            if name != "word/document.xml":
                # First/even/default headers often repeat the same text.
                key = part_text.strip()
                if not key or key in seen_extra:
                    continue
                seen_extra.add(key)
            blocks.append(part_text)
        pages = 1
        if "docProps/app.xml" in names:
            match = re.search(rb"<Pages>(\d+)</Pages>", _read_member_bounded(zf, names["docProps/app.xml"], budget))
            if match:
                pages = max(1, int(match.group(1)))
    raw = "\n".join(blocks)
    text = normalize_text(raw)
    if not text:
        raise NoReadableTextError(
            "This Word document contains no text (perhaps only pictures); upload a version with typed text or a PDF."
        )
    return Extraction(text=text, pages=pages, method="docx", warnings=[], quality=text_quality(text))


def _check_zip_limits(infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if len(infos) > DEFAULT_MAX_ZIP_MEMBERS:
        raise DocumentTooLargeError(
            "This Word document has too many parts to process safely; save it again and re-upload."
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise DocumentTooLargeError(
                "This Word document expands to an unreasonable size and was refused for safety; save it again and re-upload."
            )
    if total > max_uncompressed:
        raise DocumentTooLargeError(
            f"This Word document is larger than {max_uncompressed // (1024 * 1024)} MB when unpacked; "
            "remove large images and upload it again."
        )


def _read_member_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """Read one member without trusting its declared size: stop at the budget."""
    chunks = []
    try:
        with zf.open(info) as stream:
            while True:
                chunk = stream.read(64 * 1024)
                if not chunk:
                    break
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise DocumentTooLargeError(
                        "This Word document expands to an unreasonable size and was refused for safety."
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise CorruptDocumentError() from exc
    except RuntimeError as exc:  # encrypted member
        raise EncryptedDocumentError("This Word document is password-protected; upload an unprotected copy.") from exc
    return b"".join(chunks)


def _docx_part_text(xml: bytes) -> str:
    from lxml import etree

    # No entity expansion, no network: the XML comes from an untrusted upload.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocumentError() from exc
    lines: list[str] = []
    _walk_docx(root, lines, [])
    return "\n".join(lines)


def _walk_docx(element, lines: list[str], current: list[str]) -> None:
    """Append the text under `element` in document order.

    Paragraph text gathers in `current`; a finished paragraph becomes a line.
    Text boxes (`w:txbxContent`) sit inside a run of their anchor paragraph:
    their paragraphs become lines of their own, which python-docx's paragraph
    list never reaches. Of `mc:AlternateContent` only the first branch with
    text is read, since Choice and Fallback hold copies of the same box.
    """
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag == _TAG_T:
            current.append(child.text or "")
        elif tag == _TAG_TAB or tag == _TAG_PTAB:
            current.append("\t")
        elif tag == _TAG_BR or tag == _TAG_CR:
            current.append("\n")
        elif tag == _TAG_NB_HYPHEN:
            current.append("-")
        elif tag == _TAG_P:
            own: list[str] = []
            _walk_docx(child, lines, own)
            lines.append("".join(own))
        elif tag == _TAG_TXBX:
            # Close the anchor paragraph's text so far, then the box's lines.
            if current and "".join(current).strip():
                lines.append("".join(current))
                current.clear()
            _walk_docx(child, lines, [])
        elif tag == _TAG_ALTERNATE:
            for branch in child:
                if branch.tag not in (_TAG_CHOICE, _TAG_FALLBACK):
                    continue
                before_lines, before_current = len(lines), len(current)
                _walk_docx(branch, lines, current)
                added = "".join(lines[before_lines:]) + "".join(current[before_current:])
                if added.strip():
                    break
        elif tag == _TAG_TC:
            _walk_docx(child, lines, [])
        else:
            _walk_docx(child, lines, current)
