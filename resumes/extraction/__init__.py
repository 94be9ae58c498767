"""Plain text out of uploaded resume files (PDF, DOCX, plain text).

Pure Python, no Django: the ingestion pipeline calls `detect_kind()` on the raw
bytes, then `extract_text()`, and stores `Extraction.text`. Every failure a
recruiter can act on is an `ExtractionError` whose message is a sentence meant
for them; `permanent` tells the task layer whether retrying could help.

The time limit is checked between pages, not inside one page: a single
pathological page can overrun it, so the task runner should keep a hard time
limit of its own.

This package holds the entry point (`extract_text`); each concern lives in its
own module, and its names are re-exported here:

* `limits`: size, zip and OCR limits.
* `errors`: the `ExtractionError` family.
* `result`: the `Extraction` dataclass.
* `kind`: `detect_kind` and `decode_text`.
* `text`: `normalize_text` and `text_quality`.
* `pdf`, `ocr`, `docx`: one reader each.
"""

from __future__ import annotations

import time

from resumes.extraction.docx import _extract_docx
from resumes.extraction.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    ExtractionTimeoutError,
    NoReadableTextError,
    OCRUnavailableError,
)
from resumes.extraction.kind import decode_text, detect_kind
from resumes.extraction.limits import (
    DEFAULT_MAX_UNCOMPRESSED,
    DEFAULT_MAX_ZIP_MEMBERS,
    MAX_COMPRESSION_RATIO,
    OCR_DPI,
    OCR_MAX_SIDE_PX,
)
from resumes.extraction.pdf import _extract_pdf
from resumes.extraction.result import Extraction
from resumes.extraction.text import normalize_text, text_quality

# The public names, importable from `resumes.extraction` as before the split into modules.
__all__ = [
    "DEFAULT_MAX_UNCOMPRESSED",
    "DEFAULT_MAX_ZIP_MEMBERS",
    "MAX_COMPRESSION_RATIO",
    "OCR_DPI",
    "OCR_MAX_SIDE_PX",
    "CorruptDocumentError",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "EncryptedDocumentError",
    "Extraction",
    "ExtractionError",
    "ExtractionTimeoutError",
    "NoReadableTextError",
    "OCRUnavailableError",
    "decode_text",
    "detect_kind",
    "extract_text",
    "normalize_text",
    "text_quality",
]

# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def extract_text(
    data: bytes,
    kind: str,
    *,
    max_pages: int = 30,
    time_limit: float = 60.0,
    ocr: bool = True,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> Extraction:
    """Extract normalized text from `data`, which `detect_kind` judged to be `kind`."""
    if not data or not data.strip():
        raise EmptyDocumentError()
    deadline = time.monotonic() + time_limit
    if kind == "pdf":
        result = _extract_pdf(data, max_pages=max_pages, deadline=deadline, ocr=ocr)
    elif kind == "docx":
        result = _extract_docx(data, max_uncompressed=max_uncompressed)
    elif kind == "txt":
        text = normalize_text(decode_text(data))
        result = Extraction(text=text, pages=1, method="text", quality=text_quality(text))
    else:
        raise ValueError(f"extract_text() does not handle kind {kind!r}")
    if not result.text.strip():
        raise NoReadableTextError()
    return result
