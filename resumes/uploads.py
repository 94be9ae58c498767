"""Checking what was uploaded: size, type by content, ZIP archives of resumes.

Nothing here writes; `services.resume_upload` stores what passes.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings

from resumes.extraction import detect_kind

ACCEPTED_TYPES_MESSAGE = "Accepted types are PDF, Word (DOCX) and plain text, or a ZIP archive of those."


class UploadRejected(Exception):
    """A file that cannot be accepted; the message says why, for the recruiter."""


@dataclass
class IncomingFile:
    name: str
    data: bytes
    kind: str  # pdf, docx or txt


def safe_filename(name: str) -> str:
    """The uploaded name reduced to a displayable base name (it is data, never a path)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")
    base = posixpath.basename(name).strip().strip(".") or "resume"
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:255]


def read_upload(uploaded, *, max_bytes: int | None = None) -> bytes:
    """Read an uploaded file, refusing it past the size limit without reading it all."""
    max_bytes = max_bytes or settings.SHORTLIST_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRejected(f"The file is larger than the {max_bytes // (1024 * 1024)} MB limit.")
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(f"The file is larger than the {max_bytes // (1024 * 1024)} MB limit.")
    if not data:
        raise UploadRejected("The file is empty.")
    return data


@dataclass
class Refusal:
    name: str
    reason: str


def classify(name: str, data: bytes) -> tuple[list[IncomingFile], list[Refusal]]:
    """One upload as the resumes it holds (itself, or a ZIP's members) and what was refused."""
    kind = detect_kind(data)
    if kind in ("pdf", "docx", "txt"):
        return [IncomingFile(name=safe_filename(name), data=data, kind=kind)], []
    if kind == "zip":
        return expand_zip(data)
    if data[:4] == b"PK\x03\x04":
        raise UploadRejected("The file is a damaged ZIP archive or Word document and cannot be opened.")
    raise UploadRejected(f"This file type is not supported. {ACCEPTED_TYPES_MESSAGE}")


def expand_zip(data: bytes) -> tuple[list[IncomingFile], list[Refusal]]:
    """The resumes inside a ZIP, within member-count and expansion limits.

    Declared sizes can lie, so each member is read through a bounded stream and
    the running total is checked while reading: a ZIP bomb stops early, and
    nothing of a refused archive is kept.
    """
    max_members = settings.SHORTLIST_MAX_ZIP_MEMBERS
    budget = settings.SHORTLIST_MAX_ZIP_EXPANDED_BYTES
    per_file = settings.SHORTLIST_MAX_UPLOAD_BYTES
    too_big = f"The ZIP archive expands past the {budget // (1024 * 1024)} MB limit."
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise UploadRejected("The ZIP archive is damaged and cannot be opened.") from error
    # Finder's metadata (resource forks, .DS_Store) is no resume; it is reported
    # in one line rather than once per file, and never dropped silently.
    metadata = [info for info in members if _is_macos_metadata(info.filename)]
    members = [info for info in members if not _is_macos_metadata(info.filename)]
    if len(members) > max_members:
        raise UploadRejected(f"The ZIP archive holds {len(members)} files; at most {max_members} are accepted.")
    if sum(info.file_size for info in members) > budget:
        raise UploadRejected(too_big)
    accepted: list[IncomingFile] = []
    refused: list[Refusal] = []
    remaining = budget
    for info in members:
        name = safe_filename(info.filename)
        try:
            with archive.open(info) as stream:
                content = stream.read(min(per_file, remaining) + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError):
            refused.append(Refusal(name, "This file in the ZIP archive is damaged or encrypted."))
            continue
        if len(content) > remaining:
            raise UploadRejected(too_big)
        if len(content) > per_file:
            refused.append(Refusal(name, f"The file is larger than the {per_file // (1024 * 1024)} MB limit."))
            continue
        remaining -= len(content)
        kind = detect_kind(content) if content else None
        if kind in ("pdf", "docx", "txt"):
            accepted.append(IncomingFile(name=name, data=content, kind=kind))
        elif not content:
            refused.append(Refusal(name, "The file is empty."))
        elif kind == "zip":
            refused.append(Refusal(name, "A ZIP archive inside a ZIP archive is not opened; upload it on its own."))
        else:
            refused.append(Refusal(name, f"This file type is not supported. {ACCEPTED_TYPES_MESSAGE}"))
    if metadata:
        count = len(metadata)
        refused.append(
            Refusal("__MACOSX", f"{count} macOS metadata file{'s' if count != 1 else ''} (not resumes) skipped.")
        )
    if not accepted and not refused:
        raise UploadRejected(f"The ZIP archive holds no files. {ACCEPTED_TYPES_MESSAGE}")
    return accepted, refused


def _is_macos_metadata(filename: str) -> bool:
    base = posixpath.basename(filename)
    return filename.startswith("__MACOSX/") or "/__MACOSX/" in filename or base == ".DS_Store" or base.startswith("._")
