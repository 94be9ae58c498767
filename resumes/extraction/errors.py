"""The errors extraction raises: each message is a sentence for a recruiter; `permanent` says if a retry could help."""

from __future__ import annotations

# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class ExtractionError(Exception):
    """A document we cannot read; `reason` is written for a recruiter."""

    default_reason = "This file could not be read."

    def __init__(self, reason: str | None = None, permanent: bool = True) -> None:
        self.reason = reason or self.default_reason
        self.permanent = permanent
        super().__init__(self.reason)


class EncryptedDocumentError(ExtractionError):
    default_reason = "This PDF is password-protected; upload an unprotected copy."


class EmptyDocumentError(ExtractionError):
    default_reason = "This file is empty; upload the resume again."


class CorruptDocumentError(ExtractionError):
    default_reason = (
        "This file is damaged or is not the type it claims to be; "
        "open it on your computer, save it again and re-upload it."
    )


class DocumentTooLargeError(ExtractionError):
    default_reason = "This file is too large to process; upload a shorter resume."


class NoReadableTextError(ExtractionError):
    default_reason = (
        "No readable text was found in this file; upload a version with "
        "selectable text (for example, export it to PDF from Word)."
    )


class OCRUnavailableError(ExtractionError):
    default_reason = (
        "This PDF is a scanned image and text recognition (OCR) is not installed "
        "on the server; ask your administrator to install Tesseract, or upload "
        "a PDF with selectable text."
    )

    def __init__(self, reason: str | None = None, permanent: bool = False) -> None:
        # Not permanent: installing tesseract fixes it without a new upload.
        super().__init__(reason, permanent)


class ExtractionTimeoutError(ExtractionError):
    default_reason = "Reading this file took too long; try uploading a smaller or simpler version."

    def __init__(self, reason: str | None = None, permanent: bool = False) -> None:
        super().__init__(reason, permanent)
