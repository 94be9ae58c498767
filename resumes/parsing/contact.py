"""Email addresses (plain and obfuscated), links and phone numbers."""

from __future__ import annotations

import re

import phonenumbers

from resumes.parsing.places import _INDIAN_REGIONS, CA_PROVINCES, COUNTRIES
from resumes.parsing.result import _empty_links

# --------------------------------------------------------------------------
# Email
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Addresses written to dodge harvesters: "p.raman [at] example.test", "name (at)
# domain (dot) com", "name at domain dot com". A bracketed or spaced "@" may meet
# plain dots; a bare "at" only counts with a spelled-out dot ("Engineer at
# Google.com" is a sentence). Every repetition is bounded, so matching is linear.
_OBF_LOCAL_P = r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
_OBF_LABEL_P = r"[A-Za-z0-9][A-Za-z0-9-]{0,62}"
_OBF_BRACKET_AT_P = r"[ \t]{0,3}[\[({<][ \t]{0,3}(?:at|@)[ \t]{0,3}[\])}>][ \t]{0,3}"
_OBF_SPELLED_DOT_P = r"(?:[ \t]{0,3}[\[({<][ \t]{0,3}(?:dot|\.)[ \t]{0,3}[\])}>][ \t]{0,3}|[ \t]{1,3}dot[ \t]{1,3})"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?i:{_OBF_LOCAL_P}(?:{_OBF_BRACKET_AT_P}|[ \t]{{1,3}}@[ \t]{{1,3}})"
    rf"{_OBF_LABEL_P}(?:(?:{_OBF_SPELLED_DOT_P}|[ \t]{{0,3}}\.[ \t]{{0,3}}){_OBF_LABEL_P}){{1,5}}"
    rf"|{_OBF_LOCAL_P}[ \t]{{1,3}}at[ \t]{{1,3}}{_OBF_LABEL_P}(?:{_OBF_SPELLED_DOT_P}{_OBF_LABEL_P}){{1,5}})"
    r"(?![\w-])"
)
_TLDS = (
    "com|org|net|io|dev|me|co|ai|app|in|us|uk|de|fr|ca|au|info|biz|tech|site|page|xyz|online|blog|design|"
    "portfolio|eu|nl|se|ch|es|it|pl|ly|sh|gg|so|cc|tv|fm|studio|codes|digital|website|space|pro|name|edu"
)
_URL_RE = re.compile(
    r"(?<![@\w.])(?:(?:https?://|www\.)[^\s|,;<>()\"']+"
    r"|(?<!-)(?:[a-z0-9][a-z0-9-]*\.)+(?:" + _TLDS + r")\b(?:/[^\s|,;<>()\"']*)?)",
    re.IGNORECASE,
)
# Technology names that look like domains.
_NOT_DOMAINS = frozenset(
    "asp.net ado.net vb.net dot.net node.js vue.js next.js react.js express.js d3.js three.js nuxt.js ember.js "
    "backbone.js angular.js socket.io chart.js p5.js".split()
)
# Where a URL that a line break may have cut begins, and what continues it on the next line.
_URL_START_RE = re.compile(r"https?://|www\.|(?<![\w-])[\w-]+\.(?:com|org|net|io|in)/")
_URL_CONTINUATION_RE = re.compile(r"[A-Za-z0-9][\w\-./?=&%#]*")
# "/linkedin-in johndoe" (an icon font's glyph name) or "GitHub: johndoe".
_HANDLE_LINE_RE = re.compile(
    r"(?:^|[\s|])(?:/(linkedin(?:-in)?|github)\s*|(linkedin-in)\s+|(linkedin|github)\s*:\s*)@?"
    r"([A-Za-z0-9][A-Za-z0-9_-]{1,38})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_PHONE_CANDIDATE_RE = re.compile(r"(?<![\w/.])(?:\+|\(\+?)?\d[\d \t().\-–/]{6,20}\d(?![\w/])")
_PHONE_LABEL_RE = re.compile(r"\b(?:phone|mobile|mob|tel|telephone|cell|contact|ph|call|whatsapp)\b", re.IGNORECASE)
_DATE_LIKE_RE = re.compile(r"^\(?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\)?$|^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d$")

_SPLIT_SEGMENTS_RE = re.compile(r"\s*(?:\||•|·|▪|◦|—|–\s|\s-\s|\s{3,}|\t|;)\s*")


def find_emails(text: str) -> list[str]:
    seen: dict[str, None] = {}  # ordered, and linear for texts full of addresses
    for match in _EMAIL_RE.finditer(text):
        email = match.group(0).rstrip(".").lower()
        if email.rsplit(".", 1)[-1] in ("png", "jpg", "jpeg", "gif"):
            continue
        seen.setdefault(email)
    return list(seen)


def _join_wrapped_urls(text: str) -> str:
    """Join a URL that a line break cut after "/" or "-" with its continuation:
    "linkedin.com/in/jane-\ndoe-1a2b" -> "linkedin.com/in/jane-doe-1a2b".

    A line that ends (before spaces) in a non-space run holding a URL start and
    ending in "/" or "-" is joined with the next line when that starts (after
    spaces) with a letter or digit; the continuation itself cannot start another
    URL. Each physical line is looked at once, so the time is linear in the text
    (the regex this replaces restarted at every "http" of a long run).
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    logical: list[list[str]] = [[lines[0]]]
    scan = 0  # where in the last piece a URL may start (after a joined continuation)
    for following in lines[1:]:
        pieces = logical[-1]
        stem = pieces[-1].rstrip(" \t")
        rest = following.lstrip(" \t")
        joined = False
        if stem.endswith(("/", "-")) and rest[:1].isascii() and rest[:1].isalnum():
            run_start = max(scan, len(stem) - len(stem.rsplit(None, 1)[-1]))
            joined = any(start.end() < len(stem) for start in _URL_START_RE.finditer(stem, run_start))
        if joined:
            pieces[-1] = stem
            pieces.append(rest)
            continuation = _URL_CONTINUATION_RE.match(rest)  # rest starts with a letter or digit
            scan = continuation.end() if continuation else 0
        else:
            logical.append([following])
            scan = 0
    return "\n".join("".join(pieces) for pieces in logical)


# --------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------


def _is_link(candidate: str) -> bool:
    lower = candidate.lower().rstrip(".")
    if lower in _NOT_DOMAINS or lower.split("/")[0] in _NOT_DOMAINS:
        return False
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", lower).split("/")[0]
    if "." not in host or host.endswith((".js", ".py")):
        return False
    if not lower.startswith(("http", "www.")) and len(host.split(".")[0]) < 2:
        return False  # "B.Tech", "M.Sc"
    return True


def _clean_link(url: str) -> str:
    return url.rstrip(".,;:)]}>'\"")


def _find_links(text: str, header: list[str]) -> dict:
    links = _empty_links()
    joined = _join_wrapped_urls(text)
    found: dict[str, None] = {}
    for match in _URL_RE.finditer(joined):
        url = _clean_link(match.group(0))
        if _is_link(url):
            found.setdefault(url)
    for url in found:
        lower = url.lower()
        if "linkedin.com/" in lower:
            links["linkedin"] = links["linkedin"] or url
        elif "github.com/" in lower and not re.search(r"github\.com/[^/\s]+/[^/\s]+", lower):
            links["github"] = links["github"] or url
        elif "github.io" in lower or _is_personal_site(lower):
            if not links["portfolio"]:
                links["portfolio"] = url
            else:
                links["other"].append(url)
        else:
            links["other"].append(url)
    # Icon fonts leave "linkedin-in johndoe" or "GitHub: johndoe" without a URL.
    for line in header:
        match = _HANDLE_LINE_RE.search(line)
        if not match:
            continue
        site = (match.group(1) or match.group(2) or match.group(3)).lower()
        handle = match.group(4)
        if site.startswith("linkedin") and not links["linkedin"]:
            links["linkedin"] = f"linkedin.com/in/{handle}"
        elif site == "github" and not links["github"]:
            links["github"] = f"github.com/{handle}"
    return links


_PLATFORMS = (
    "linkedin.",
    "github.",
    "gitlab.",
    "bitbucket.",
    "indeed.",
    "facebook.",
    "twitter.",
    "x.com",
    "instagram.",
    "stackoverflow.",
    "medium.com",
    "youtube.",
    "google.",
    "kaggle.",
    "leetcode.",
    "hackerrank.",
    "coursera.",
    "udemy.",
    "credly.",
    "microsoft.",
    "amazon.",
    "apple.",
    "wikipedia.",
)


def _is_personal_site(lower_url: str) -> bool:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", lower_url).split("/")[0]
    if any(platform in host for platform in _PLATFORMS):
        return False
    if host.endswith(".edu") or host.count(".") > 2:
        return False
    return True


# --------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------


def _plausible_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15 or _DATE_LIKE_RE.match(candidate.strip()):
        return False
    if re.search(r"\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d\b", candidate):
        return False  # "2015 - 2018"
    return len(digits) >= 10 or bool(re.search(r"\d{3}[\s.-]\d{4}$", candidate))


def _find_phone(lines: list[str], header: list[str], location: str) -> tuple[str, str]:
    region = _phone_region(location)
    best: tuple[float, str, str] | None = None
    header_set = set(header)
    for index, line in enumerate(lines):
        if not any(ch.isdigit() for ch in line):
            continue
        label_above = bool(index and _PHONE_LABEL_RE.search(lines[index - 1]))
        first_label = _PHONE_LABEL_RE.search(line)
        for match in _PHONE_CANDIDATE_RE.finditer(line):
            raw = match.group(0).strip(" .-–/")
            if not _plausible_phone(raw):
                continue
            number = _parse_phone(raw, region)
            if number is None:
                continue
            e164, valid = number
            score = 2.0 if valid else 1.0
            if label_above or _label_before(line, first_label, match.start()):
                score += 2
            if line in header_set:
                score += 1.5
            score -= index / 200  # earlier is likelier
            if best is None or score > best[0]:
                best = (score, e164, raw)
    if best is None or best[0] < 1.2:
        return "", ""
    return best[1], best[2]


def _label_before(line: str, first_label: re.Match | None, position: int) -> bool:
    """Whether a phone label stands in line[:position], without searching that prefix
    again for every number on a long line: the line's first label ends before it, or
    a label ends right at it (the cut makes a word boundary there)."""
    if first_label is not None and first_label.end() <= position:
        return True
    return bool(_PHONE_LABEL_RE.search(line, max(0, position - 12), position))


def _phone_region(location: str) -> str:
    if not location:
        return "US"
    for country, code in COUNTRIES.items():
        if re.search(rf"(?<!\w){re.escape(country)}(?!\w)", location):
            return code
    if any(region in location for region in _INDIAN_REGIONS):
        return "IN"
    if any(province in location for province in CA_PROVINCES.values()) or re.search(
        rf",\s*(?:{'|'.join(CA_PROVINCES)})\b", location
    ):
        return "CA"
    return "US"


def _parse_phone(raw: str, region: str) -> tuple[str, bool] | None:
    cleaned = raw.replace("(+", "+").replace("–", "-")
    cleaned = re.sub(r"^\+(\d{1,3})\)", r"+\1 ", cleaned)
    for attempt_region in dict.fromkeys([region, "US"]):
        try:
            number = phonenumbers.parse(cleaned, attempt_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= 10:
        # "123-456-7890" and other placeholders: keep a normalized form anyway.
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), False
    return None
