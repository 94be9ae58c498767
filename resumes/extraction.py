"""Plain text out of uploaded resume files (PDF, DOCX, plain text).

Pure Python, no Django: the ingestion pipeline calls `detect_kind()` on the raw
bytes, then `extract_text()`, and stores `Extraction.text`. Every failure a
recruiter can act on is an `ExtractionError` whose message is a sentence meant
for them; `permanent` tells the task layer whether retrying could help.

The time limit is checked between pages, not inside one page: a single
pathological page can overrun it, so the task runner should keep a hard time
limit of its own.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

# pdfminer logs a warning for every glyph of a font with a sloppy descriptor
# ("Could not get FontBBox ..."); thousands of lines per resume drown real logs.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

DEFAULT_MAX_UNCOMPRESSED = 50 * 1024 * 1024
DEFAULT_MAX_ZIP_MEMBERS = 2000
# XML compresses about 5-20x; a big member far beyond that is a bomb, not a resume.
MAX_COMPRESSION_RATIO = 200
OCR_DPI = 300
# A Letter page at 300 dpi is 2550x3300; cap odd page sizes (posters) so one
# page cannot eat the whole time budget or the worker's memory.
OCR_MAX_SIDE_PX = 4000


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


# --------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------

# Line-start glyphs that are bullets ("q", "v", "n", "Ø", "ü" are Wingdings
# bullets whose font mapping was lost). The private-use range holds icon-font
# glyphs (Font Awesome, Wingdings) that PDFs and Word use as bullets.
_BULLET_CHARS = "•▪●◦■□◆◇►▸▹‣⁃∙·○➢➤➔→✓✔✗❖★☆♦◘¤§"
_LINE_BULLET_RE = re.compile(
    r"^[ \t]*(?:\(cid:\d+\)|[" + re.escape(_BULLET_CHARS) + r"\ue000-\uf8ff]|[-–—*+>oqvnØü](?=[ \t]))[ \t]*"
)
_CID_RE = re.compile(r"\(cid:\d+\)")
# UTF-8 bytes once decoded as cp1252 ("â€¢" for "•", "Â " for a no-break
# space): a lead-byte character followed by continuation-byte characters.
_CP1252_CONTINUATION = "".join(bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)) + "".join(
    chr(b) for b in range(0x80, 0xA0)  # the same bytes decoded as latin-1
)
_MOJIBAKE_RE = re.compile("[\u00c2-\u00f4][" + re.escape(_CP1252_CONTINUATION) + "]{1,3}")
_STRAY_A_CIRCUMFLEX_RE = re.compile(r"(?<=\S)Â(?=\s)|(?<=\s)Â(?=\s)")
_LEADING_CID_RE = re.compile(r"^[ \t]*\(cid:\d+\)", re.MULTILINE)
_PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe]")
_HYPHEN_RUN_RE = re.compile(r"(?<=\w)[-\u2010\u2011\u00ad]{2,}(?=\w)")
_HYPHEN_LIKE_RE = re.compile(r"[\u2010\u2011\u2212]")
_SOFT_HYPHEN_BREAK_RE = re.compile(r"(\w)\u00ad[ \t]*\n[ \t]*(\w+)")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_LETTER_SPACED_RE = re.compile(r"^(?:\S ){2,}\S(?: {2,}(?:\S )*\S)*$")
_LINE_END_HYPHEN_RE = re.compile(r"([A-Za-z]+)-\n([A-Za-z]\S*)[^\S\n]*")

# A line-end hyphen before/after these words is a compound ("event-driven",
# "full-time"), not typographic hyphenation, so it stays.
_COMPOUND_TAILS = frozenset(
    """
    native based driven oriented time level end scale term facing friendly focused related
    minded making solving known free aware class grade house source party stack tier
    performance quality value world wide ready centric first specific up on in out off
    like step year years month months week weeks day days hand hands member members
    functional sectional platform service services commerce mail learning edge order
    cost depth site line person hoc factor wise date profit managed hosted sensitive
    critical intensive efficient effective heavy rich ups down over through back
    facing round around known established certified approved winning award
    """.split()
)
_COMPOUND_HEADS = frozenset(
    """
    self non well high low full part real long short cross multi co pre post end
    user team client customer open one two three four five first second third
    state world best hands problem detail results goal fast award cutting mission
    time cost cloud event test object machine data cross front back mid top
    in on off hard soft fine large small mid semi sub inter intra anti ex e
    """.split()
)


def normalize_text(text: str) -> str:
    """One normalization for every extractor's output (see module tests)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n")
    # A lone CR is a line break only in old Mac text files; some PDF fonts
    # map the space glyph to "\t\r\xa0", and there it is just a space.
    text = text.replace("\r", " " if "\n" in text else "\n").replace("\f", "\n\n")
    text = text.replace("\t", " ")
    # Soft hyphen at a line end marks typographic hyphenation: always join.
    text = _SOFT_HYPHEN_BREAK_RE.sub(r"\1\2\n", text)
    text = _MOJIBAKE_RE.sub(_unmojibake, text)
    text = _STRAY_A_CIRCUMFLEX_RE.sub("", text)  # "Â" left of a mis-decoded space
    text = _HYPHEN_RUN_RE.sub("-", text)
    text = text.replace("\u00ad", "")
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _HYPHEN_LIKE_RE.sub("-", text)

    lines = []
    for line in text.split("\n"):
        line = line.strip(" \u00a0")
        if _LETTER_SPACED_RE.match(line):
            # "J O H N  D O E" -> "JOHN DOE": letters one space apart, words two.
            line = " ".join(part.replace(" ", "") for part in re.split(r" {2,}", line))
        line = _LINE_BULLET_RE.sub("- ", line, count=1)
        line = _CID_RE.sub("", line)
        line = _PRIVATE_USE_RE.sub(" ", line)
        line = _SPACES_RE.sub(" ", line).strip()
        if line == "-":
            line = ""  # a bullet whose text landed on another line
        lines.append(line)
    text = "\n".join(lines)

    text = _dehyphenate(text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


def _unmojibake(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        raw = b"".join(ch.encode("latin-1") if "\x80" <= ch <= "\x9f" else ch.encode("cp1252") for ch in chunk)
        return raw.decode("utf-8")
    except UnicodeError:
        if chunk.startswith(("ï¼", "ï½")):
            return " "  # a fullwidth ":" or "(" whose last byte was lost
        if chunk.startswith("â"):
            # A bullet, arrow or dash (U+2000-U+2BFF) that lost a byte on the way: "â¢".
            return " • "
        return chunk  # not a UTF-8 sequence after all: leave the text alone


class _Occurrences:
    """Whether a word occurs anywhere in the text, asked for each line-end hyphen.

    A substring search of the whole text per hyphen is quadratic on a text of
    thousands of them; answers are remembered, and past a few dozen distinct
    questions (no resume has that many hyphenated line ends) the words of the
    text, indexed once, answer instead.
    """

    EXACT_QUESTIONS = 64

    def __init__(self, lowered: str):
        self.lowered = lowered
        self.answers: dict[str, bool] = {}
        self.words: set[str] | None = None

    def __call__(self, word: str) -> bool:
        answer = self.answers.get(word)
        if answer is None:
            if len(self.answers) < self.EXACT_QUESTIONS:
                answer = word in self.lowered
            else:
                if self.words is None:
                    self.words = set(_HYPHENATED_WORD_RE.findall(self.lowered))
                    self.words.update(part for word in list(self.words) for part in word.split("-"))
                answer = word in self.words
                return answer  # not remembered: the index answers as fast
            self.answers[word] = answer
        return answer


_HYPHENATED_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _dehyphenate(text: str) -> str:
    if "-\n" not in text:
        return text
    lowered = text.lower()
    occurs = _Occurrences(lowered)

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        word_tail = re.match(r"[A-Za-z]+", tail).group(0)
        hyphenated, joined = f"{head}-{word_tail}".lower(), f"{head}{word_tail}".lower()
        in_url = match.start() > 0 and match.string[match.start() - 1] in "/.@"
        keep = (
            in_url  # a wrapped URL slug: "indeed.com/r/Jay-\nMadhavi/1e7d"
            or tail[0].isupper()
            or occurs(hyphenated)
            or word_tail.lower() in _COMPOUND_TAILS
            or head.lower() in _COMPOUND_HEADS
        )
        if not in_url and occurs(joined) and not occurs(hyphenated):
            keep = False
        word = f"{head}-{tail}" if keep else f"{head}{tail}"
        # Move the line break after the completed word so lines stay lines.
        return word + "\n"

    return _LINE_END_HYPHEN_RE.sub(join, text)


# --------------------------------------------------------------------------
# Quality score
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\(cid:\d+\)|[^\s]+")
_WORD_CORE_RE = re.compile(r"^[\W_]*(.*?)[\W_]*$")
_ALPHA_WORD_RE = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’\-.][A-Za-zÀ-ÖØ-öø-ÿ]+)*$")
_VOWEL_RE = re.compile(r"[aeiouyàâäéèêëïîôöùûüÿAEIOUYÀÂÄÉÈÊËÏÎÔÖÙÛÜ]")
_CONSONANT_RUN_RE = re.compile(r"[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ]{6,}")
_URLISH_RE = re.compile(r"://|www\.|@|\.(?:com|org|net|io|in|dev|edu)\b", re.IGNORECASE)
_LETTER_RUN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")


def _longest_letter_run(word: str) -> int:
    return max((len(run) for run in _LETTER_RUN_RE.findall(word)), default=0)


_STOPWORDS = frozenset(
    "a an the and or of in on at to for with by from as is are was were be been has have had "
    "i my me we our you your it its this that these those not but into over than then so "
    "such via per up out also all any each other more most new using used use".split()
)


@dataclass
class _TextStats:
    quality: float
    words: int
    chars: int
    stopword_share: float
    long_word_share: float


def _text_stats(text: str) -> _TextStats:
    tokens = _TOKEN_RE.findall(text)
    readable = words = stop = long_words = 0
    for token in tokens:
        if token.startswith("(cid:") or "\ufffd" in token:
            words += 1
            continue
        core = _WORD_CORE_RE.match(token).group(1)
        if not core or not any(ch.isalpha() for ch in core):
            continue  # numbers, punctuation, dates: neither readable nor garbage
        words += 1
        lower = core.lower()
        if lower in _STOPWORDS:
            stop += 1
        if len(core) > 20 and _longest_letter_run(core) > 20 and not _URLISH_RE.search(core):
            long_words += 1  # words glued without spaces
            continue
        if _is_readable_word(core):
            readable += 1
    if not words:
        return _TextStats(0.0, 0, len(text.strip()), 0.0, 0.0)
    return _TextStats(readable / words, words, len(text.strip()), stop / words, long_words / words)


def _is_readable_word(word: str) -> bool:
    if "@" in word or "/" in word or word.startswith("http"):
        return True  # emails, URLs, "CI/CD"
    if not _ALPHA_WORD_RE.match(word):
        # Mixed letters and digits: "Python3", "S3", "B.Tech", "10M+" count as readable.
        return bool(re.match(r"^[\w.+#&'’\-]+$", word)) and len(word) <= 20
    if len(word) == 1:
        return word in "aAI&"
    if word.isupper():
        return len(word) <= 12 or "-" in word
    if len(word) >= 4 and not _VOWEL_RE.search(word):
        return False
    if _CONSONANT_RUN_RE.search(word):
        return False
    # CamelCase is fine ("JavaScript", "GitHub"), but many humps mean glued words.
    return sum(1 for ch in word[1:] if ch.isupper()) <= 3


def text_quality(text: str) -> float:
    """Share of readable words, 0-1 (glued words and unmapped glyphs are not readable)."""
    stats = _text_stats(text)
    quality = stats.quality
    if stats.words >= 80 and stats.stopword_share < 0.04:
        # Prose without "and", "of", "the" is words run together.
        quality *= 0.6
    return round(quality, 3)


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
        gaps = [
            b[0] - a[2]
            for (_, a), (_, b) in zip(line, line[1:])
            if a and b and abs(b[1] - a[1]) < 0.5 * advance
        ]
        threshold = max(0.0, statistics.median(gaps) if gaps else 0.0) + _REBUILT_SPACE_SHARE * advance
        previous = None
        for char, glyph in line:
            if glyph is None:
                previous = None
            elif previous is not None and abs(glyph[1] - previous[1]) < 0.5 * advance and glyph[0] - previous[2] > threshold:
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


def _prefer_pdfminer(pypdf_text: str, pypdf_quality: float, miner_text: str, miner_quality: float, *, columns: bool) -> bool:
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


def _usable_chars(text: str) -> int:
    return sum(1 for ch in _CID_RE.sub("", text) if ch.isalnum())


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
            "This Word document contains no text (perhaps only pictures); "
            "upload a version with typed text or a PDF."
        )
    return Extraction(text=text, pages=pages, method="docx", warnings=[], quality=text_quality(text))


def _check_zip_limits(infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if len(infos) > DEFAULT_MAX_ZIP_MEMBERS:
        raise DocumentTooLargeError("This Word document has too many parts to process safely; save it again and re-upload.")
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
