"""Text out of PDFs: pdfium first, then pypdf and pdfminer when the text layer reads badly, then OCR."""

from __future__ import annotations

import io
import logging
import time

from resumes.extraction.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    ExtractionTimeoutError,
    NoReadableTextError,
)
from resumes.extraction.ocr import _ocr_pdf
from resumes.extraction.result import Extraction
from resumes.extraction.text import (
    _CID_RE,
    _LEADING_CID_RE,
    _LETTER_SPACED_RE,
    _text_stats,
    _usable_chars,
    normalize_text,
    text_quality,
)

logger = logging.getLogger("resumes.extraction")

# pdfminer logs a warning for every glyph of a font with a sloppy descriptor
# ("Could not get FontBBox ..."); thousands of lines per resume drown real logs.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------

# Below these, pypdf's text is suspect and pdfminer gets a try.
_GOOD_QUALITY = 0.985
_MIN_CHARS_PER_PAGE = 200
# Below this many characters per page a PDF has no usable text layer.
_SCANNED_CHARS_PER_PAGE = 40
# Share of text lines where pypdf's order jumps across a column gutter on the
# same baseline; above it, pypdf is reading a two-column page row by row.
_COLUMN_MIX_SHARE = 0.35


def _extract_pdf(data: bytes, *, max_pages: int, deadline: float, ocr: bool) -> Extraction:
    fast = _pdfium_fast_path(data, max_pages=max_pages, deadline=deadline)
    if fast is not None:
        return fast
    return _extract_pdf_carefully(data, max_pages=max_pages, deadline=deadline, ocr=ocr)


def _pdfium_fast_path(data: bytes, *, max_pages: int, deadline: float) -> Extraction | None:
    """PDFium's text layer, when it is clearly good.

    PDFium (C, already used to render pages for OCR) reads a two-page resume in
    about 8 ms where pypdf takes 100-200 ms, which matters next to embedding. Its
    text is taken only when it is plainly fine: readable words, enough of them, no
    glued runs. Resume builders that place every glyph on its own and write no
    spaces (LiveCareer's, for one) come out glued; for those the spaces are rebuilt
    from the glyphs' positions and the result is checked the same way. Everything
    else (encrypted, damaged, two columns written row by row, scans) goes the
    careful way: pypdf, then pdfminer, then OCR.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # encrypted or damaged: the careful path says which
        return None
    try:
        total_pages = len(document)
        if total_pages == 0:
            return None
        use_pages = min(total_pages, max_pages)
        textpages = []
        for index in range(use_pages):
            if time.monotonic() > deadline:
                return None  # the careful path reports the time limit
            page = document[index]
            textpage = page.get_textpage()
            textpages.append(textpage)
            mixed, lines = _column_mixing(_pdfium_segments(textpage), page.get_width())
            if lines and mixed / lines > _COLUMN_MIX_SHARE:
                return None  # two columns written row by row: pdfminer's layout analysis is needed
        plain = [tp.get_text_range() for tp in textpages]
        # Letter-spaced headings ("J O H N  D O E") lose their word breaks in the plain text.
        letter_spaced = any(_LETTER_SPACED_RE.match(line.strip()) for part in plain for line in part.splitlines())
        result = None if letter_spaced else _acceptable_pdfium_text(plain, use_pages)
        if result is None:
            result = _acceptable_pdfium_text([_pdfium_spaced_text(tp) for tp in textpages], use_pages)
    except Exception:
        return None
    finally:
        document.close()
    if result is None:
        return None
    text, quality = result
    warnings = [f"Only the first {max_pages} of {total_pages} pages were read."] if total_pages > max_pages else []
    return Extraction(text=text, pages=total_pages, method="pdfium", warnings=warnings, quality=quality)


def _acceptable_pdfium_text(parts: list[str], pages: int) -> tuple[str, float] | None:
    text, quality = _normalized_with_quality("\n".join(parts))
    stats = _text_stats(text)
    if quality < _GOOD_QUALITY or stats.chars / pages < _MIN_CHARS_PER_PAGE or stats.long_word_share > 0.01:
        return None
    return text, quality


# A gap between two glyphs of a line is a space the PDF did not write when it is
# wider than the line's usual gap between letters (zero, or the tracking of a
# letter-spaced heading) by this share of the page's median glyph advance (a space
# is about half an advance; kerning inside a word is a small fraction of one).
_REBUILT_SPACE_SHARE = 0.2


def _pdfium_spaced_text(textpage) -> str:
    """A page's text with the spaces between words rebuilt from glyph positions.

    PDFium's own generated spaces are dropped and decided again line by line, so
    "J O H N  D O E" in a letter-spaced heading becomes "JOHN DOE".
    """
    import ctypes
    import statistics

    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: indexes no longer line up
        return text
    box, x, y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    lines: list[list[tuple[str, tuple[float, float, float] | None]]] = [[]]
    for index, char in enumerate(text):
        if char in "\r\n":
            if char == "\n":
                lines.append([])
            continue
        if char == " " and pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        if char.isspace():
            lines[-1].append((char, None))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(box))
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        lines[-1].append((char, (x.value, y.value, box.right)))
    advances = [g[2] - g[0] for line in lines for _, g in line if g and g[2] > g[0]]
    if not advances:
        return text
    advance = statistics.median(advances)
    out: list[str] = []
    for line in lines:
        gaps = [b[0] - a[2] for (_, a), (_, b) in zip(line, line[1:]) if a and b and abs(b[1] - a[1]) < 0.5 * advance]
        threshold = max(0.0, statistics.median(gaps) if gaps else 0.0) + _REBUILT_SPACE_SHARE * advance
        previous = None
        for char, glyph in line:
            if glyph is None:
                previous = None
            elif (
                previous is not None
                and abs(glyph[1] - previous[1]) < 0.5 * advance
                and glyph[0] - previous[2] > threshold
            ):
                out.append(" ")
            out.append(char)
            previous = glyph
        out.append("\n")
    return "".join(out)


def _pdfium_segments(textpage) -> list[tuple[float, float, str]]:
    """(x, baseline, text) of each run of text on a page, in content-stream order."""
    segments = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        segments.append((left, bottom, ""))
    return segments


def _extract_pdf_carefully(data: bytes, *, max_pages: int, deadline: float, ocr: bool) -> Extraction:
    import pypdf
    from pypdf.errors import PdfReadError

    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except Exception:  # unsupported algorithm, missing crypto library
                decrypted = 0
            if not decrypted:
                raise EncryptedDocumentError()
        total_pages = len(reader.pages)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError, RecursionError) as exc:
        logger.info("pypdf could not open PDF: %s", exc)
        raise CorruptDocumentError() from exc
    if total_pages == 0:
        raise EmptyDocumentError("This PDF has no pages; upload the resume again.")
    use_pages = min(total_pages, max_pages)
    if total_pages > max_pages:
        warnings.append(f"Only the first {max_pages} of {total_pages} pages were read.")

    pypdf_raw, column_mix, pages_done = _pypdf_text(reader, use_pages, deadline, warnings)
    pypdf_text, pypdf_quality = _normalized_with_quality(pypdf_raw)
    pypdf_stats = _text_stats(pypdf_text)
    chars_per_page = pypdf_stats.chars / max(pages_done, 1)

    method, text, quality = "pypdf", pypdf_text, pypdf_quality
    suspect = (
        pypdf_quality < _GOOD_QUALITY
        or chars_per_page < _MIN_CHARS_PER_PAGE
        or pypdf_stats.long_word_share > 0.01
        or column_mix > _COLUMN_MIX_SHARE
    )
    if suspect and time.monotonic() < deadline:
        try:
            miner_raw = _pdfminer_text(data, use_pages, deadline, warnings)
        except Exception as exc:  # pdfminer fails on some PDFs pypdf reads, and vice versa
            logger.info("pdfminer failed: %s", exc)
            miner_raw = ""
        miner_text, miner_quality = _normalized_with_quality(miner_raw)
        if miner_text and _prefer_pdfminer(
            pypdf_text, pypdf_quality, miner_text, miner_quality, columns=column_mix > _COLUMN_MIX_SHARE
        ):
            method, text, quality = "pdfminer", miner_text, miner_quality

    if _usable_chars(text) < _SCANNED_CHARS_PER_PAGE * pages_done:
        # No text layer worth the name: a scan or a picture of a resume.
        if not ocr:
            raise NoReadableTextError(
                "This PDF contains no selectable text (it looks like a scan); "
                "upload a PDF exported from a word processor."
            )
        return _ocr_pdf(data, use_pages, total_pages, deadline, warnings)

    return Extraction(text=text, pages=total_pages, method=method, warnings=warnings, quality=quality)


def _prefer_pdfminer(
    pypdf_text: str, pypdf_quality: float, miner_text: str, miner_quality: float, *, columns: bool
) -> bool:
    pypdf_len, miner_len = len(pypdf_text), len(miner_text)
    if pypdf_len < 0.5 * miner_len:
        # pypdf missed most of the text (unusual fonts, form XObjects).
        return miner_quality >= pypdf_quality - 0.1
    if miner_len < 0.7 * pypdf_len:
        return False
    # For a two-column page read row by row, pdfminer's layout analysis keeps
    # the columns apart, so it wins unless its words are clearly worse.
    bonus = 0.05 if columns else 0.0
    return miner_quality + bonus > pypdf_quality + 0.01


def _normalized_with_quality(raw: str) -> tuple[str, float]:
    """Normalize an extractor's output and score it; glyphs pdfminer could not
    map ("(cid:12)" inside a line) count as unreadable words although
    normalization drops them."""
    text = normalize_text(raw)
    if not text:
        return "", 0.0
    stats = _text_stats(text)
    lost = len(_CID_RE.findall(raw)) - len(_LEADING_CID_RE.findall(raw))
    quality = text_quality(text)
    if lost:
        quality *= stats.words / (stats.words + lost)
    return text, round(quality, 3)


def _pypdf_text(reader, use_pages: int, deadline: float, warnings: list[str]) -> tuple[str, float, int]:
    """Text of the first pages in content-stream order, plus the share of lines
    where that order mixes two columns on one baseline."""
    parts: list[str] = []
    mixed_lines = total_lines = 0
    pages_done = 0
    for index in range(use_pages):
        if time.monotonic() > deadline:
            warnings.append(f"Stopped after {index} pages: the time limit was reached.")
            break
        page = reader.pages[index]
        chunks: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font_dict, font_size, _chunks=chunks):
            if text and text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                _chunks.append((x, y, text))

        try:
            parts.append(page.extract_text(visitor_text=visit) or "")
        except Exception as exc:  # one broken page should not lose the others
            logger.info("pypdf failed on page %d: %s", index + 1, exc)
            warnings.append(f"Page {index + 1} could not be read.")
            parts.append("")
        pages_done += 1
        try:
            width = float(page.mediabox.width)
        except Exception:
            width = 612.0
        mixed, lines = _column_mixing(chunks, width)
        mixed_lines += mixed
        total_lines += lines
    if pages_done == 0:
        raise ExtractionTimeoutError()
    share = mixed_lines / total_lines if total_lines else 0.0
    return "\n\f".join(parts), share, pages_done


def _column_mixing(chunks: list[tuple[float, float, str]], width: float) -> tuple[int, int]:
    """Count baselines on which the content stream jumps across a column gutter
    (returns jumps to the right column's edge, baselines).

    A two-column page written row by row makes pypdf glue a line of the left
    column to a line of the right one. The tell is many baselines where the
    stream, on the same baseline, jumps right to one and the same x (the right
    column's left edge); right-aligned dates jump too, but to varying x.
    """
    if len(chunks) < 10 or width <= 0:
        return 0, 0
    baselines: set[int] = set()
    landing: dict[int, int] = {}
    jumps = 0
    previous = None
    for x, y, _text in chunks:
        key = round(y / 2)
        baselines.add(key)
        if previous is not None:
            px, py = previous
            if abs(py - y) < 2 and x - px > 0.2 * width:
                jumps += 1
                bucket = round(x / 6)
                landing[bucket] = landing.get(bucket, 0) + 1
        previous = (x, y)
    if not jumps:
        return 0, len(baselines)
    common = max(landing.values())
    # Only jumps to a shared left edge count as a column.
    return (common if common >= 0.6 * jumps else 0), len(baselines)


def _pdfminer_text(data: bytes, use_pages: int, deadline: float, warnings: list[str]) -> str:
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    out = io.StringIO()
    manager = PDFResourceManager()
    device = TextConverter(manager, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    try:
        for index, page in enumerate(PDFPage.get_pages(io.BytesIO(data), maxpages=use_pages, password="")):
            if time.monotonic() > deadline:
                warnings.append(f"Layout analysis stopped after {index} pages: the time limit was reached.")
                break
            interpreter.process_page(page)
    finally:
        device.close()
    return out.getvalue()
