"""OCR of scanned PDF pages with Tesseract."""

from __future__ import annotations

import logging
import shutil
import time

from resumes.extraction.errors import (
    CorruptDocumentError,
    ExtractionTimeoutError,
    NoReadableTextError,
    OCRUnavailableError,
)
from resumes.extraction.limits import OCR_DPI, OCR_MAX_SIDE_PX
from resumes.extraction.result import Extraction
from resumes.extraction.text import _usable_chars, normalize_text, text_quality

logger = logging.getLogger("resumes.extraction")


def _ocr_pdf(data: bytes, use_pages: int, total_pages: int, deadline: float, warnings: list[str]) -> Extraction:
    if not shutil.which("tesseract"):
        raise OCRUnavailableError()
    try:
        import pypdfium2 as pdfium
        import pytesseract
    except ImportError as exc:
        raise OCRUnavailableError() from exc

    try:
        document = pdfium.PdfDocument(data)
    except Exception as exc:
        raise CorruptDocumentError() from exc
    parts: list[str] = []
    try:
        for index in range(min(use_pages, len(document))):
            remaining = deadline - time.monotonic()
            if remaining <= 1:
                warnings.append(f"Text recognition stopped after {index} pages: the time limit was reached.")
                break
            page = document[index]
            try:
                width, height = page.get_size()
                scale = min(OCR_DPI / 72, OCR_MAX_SIDE_PX / max(width, height, 1))
                image = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
            try:
                parts.append(pytesseract.image_to_string(image, lang="eng", timeout=remaining))
            except RuntimeError as exc:  # pytesseract's timeout
                logger.info("OCR timed out on page %d: %s", index + 1, exc)
                warnings.append(f"Text recognition stopped on page {index + 1}: the time limit was reached.")
                break
            except pytesseract.TesseractNotFoundError as exc:
                raise OCRUnavailableError() from exc
    finally:
        document.close()
    if not parts:
        raise ExtractionTimeoutError()
    raw = "\n\f".join(parts)
    text = normalize_text(raw)
    if _usable_chars(text) < 20:
        raise NoReadableTextError(
            "This PDF is a scanned image and no text could be recognised in it; "
            "upload a clearer scan or a PDF with selectable text."
        )
    warnings.append("The text was recognised from a scanned image (OCR) and may contain errors.")
    return Extraction(text=text, pages=total_pages, method="ocr", warnings=warnings, quality=text_quality(text))
