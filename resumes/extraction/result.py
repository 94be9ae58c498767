"""What `extract_text` returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


@dataclass
class Extraction:
    text: str
    pages: int
    method: str  # 'pypdf' | 'pdfminer' | 'ocr' | 'docx' | 'text'
    warnings: list[str] = field(default_factory=list)
    quality: float = 0.0  # share of readable words, 0-1
