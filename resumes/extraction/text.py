"""Cleaning extracted text (bullets, mojibake, hyphenation, spacing) and scoring how readable it is."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    chr(b)
    for b in range(0x80, 0xA0)  # the same bytes decoded as latin-1
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
# A line that is only a page number, as PDF footers and headers print it: "1/2",
# "Page 1 of 2", "- 2 -", "Page 3" (English, German, French, Spanish, Portuguese words).
_PAGE_OF_RE = re.compile(r"(?i)^(?:(?:page|seite|pagina|página|p\.)\s*)?(\d{1,3})\s*(?:/|of|von|sur|de)\s*(\d{1,3})$")
_PAGE_ALONE_RE = re.compile(r"(?i)^(?:(?:page|seite|pagina|página)\s*\d{1,3}|-\s*\d{1,3}\s*-)$")
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


def _is_page_number(line: str) -> bool:
    if _PAGE_ALONE_RE.match(line):
        return True
    match = _PAGE_OF_RE.match(line)
    # "3/2021" is a date and "2/1" no page count: the page is at most the pages.
    return match is not None and 1 <= int(match[1]) <= int(match[2])


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
        if _is_page_number(line):
            continue  # a footer's "1/2" is no part of the resume, and would land in a section
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


def _usable_chars(text: str) -> int:
    return sum(1 for ch in _CID_RE.sub("", text) if ch.isalnum())
