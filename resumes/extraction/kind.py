"""What a file is (PDF, DOCX, zip, text), judged by its bytes; decoding plain text."""

from __future__ import annotations

import io
import zipfile

# --------------------------------------------------------------------------
# Kind detection
# --------------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def detect_kind(data: bytes) -> str | None:
    """Return 'pdf', 'docx', 'zip', 'txt' or None, judged by content only."""
    if not data:
        return None
    # Containers first, by their signature at offset 0: a ZIP stored without
    # compression (`zip -0`) holds its first member's bytes near the start, so a
    # PDF inside it puts "%PDF-" in the first kilobyte.
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        # A Word document is a ZIP with an OPC content-types part and its main part.
        return "docx" if {"[Content_Types].xml", "word/document.xml"} <= names else "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if _looks_like_text(data[:8192]):
        return "txt"
    return None


def _looks_like_text(sample: bytes) -> bool:
    if sample.startswith(b"{\\rtf"):
        return False  # RTF markup is not resume text
    if sample.startswith(_UTF16_BOMS):
        text = sample[2 : len(sample) & ~1].decode(
            "utf-16-le" if sample.startswith(b"\xff\xfe") else "utf-16-be", errors="replace"
        )
    else:
        if b"\x00" in sample:
            return False
        text = _decode_sample(sample)
    if not text.strip():
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f")
    return printable / len(text) >= 0.95


def _decode_sample(sample: bytes) -> str:
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    # The sample may end inside a multi-byte UTF-8 character.
    for cut in range(4):
        try:
            return sample[: len(sample) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return _decode_cp1252(sample)


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1")


def decode_text(data: bytes) -> str:
    """Decode a plain-text resume: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(data)
