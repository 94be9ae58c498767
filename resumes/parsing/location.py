"""The candidate's location ("City, ST", "City, Country") from the contact block."""

from __future__ import annotations

import re

from resumes.parsing.contact import _EMAIL_RE
from resumes.parsing.names import _TITLE_WORDS
from resumes.parsing.places import _COUNTRY_AND_REGION_NAMES, _REGION_NAMES, CA_PROVINCES, COUNTRIES, US_STATES

_LOCATION_LABEL_RE = re.compile(
    r"^\s*(?:location|address|based\s+in|current\s+location|city|residence|lives\s+in)\s*[:\-–]\s*(.+)$", re.IGNORECASE
)
_CITY_P = r"[A-Z][A-Za-z.'’\-]{0,40}+(?:\s+(?:[A-Z][A-Za-z.'’\-]{0,40}+|de|del|la|le|am|on|upon|sur)){0,3}"
_STATE_ABBR_P = "|".join(sorted({*US_STATES, *CA_PROVINCES}))
# Title case or ALL CAPS ("Chennai, TAMIL NADU, IN").
_REGION_P = "|".join(
    re.escape(name) for name in sorted({*_REGION_NAMES, *(n.upper() for n in _REGION_NAMES)}, key=len, reverse=True)
)
_COUNTRY_P = "|".join(
    re.escape(name) for name in sorted({*COUNTRIES, *(n.upper() for n in COUNTRIES)}, key=len, reverse=True)
)
_LOCATION_RE = re.compile(
    rf"(?<![\w@.])(?P<city>{_CITY_P}),\s*(?P<region>(?:{_STATE_ABBR_P})(?![\w.])|(?:{_REGION_P}|{_COUNTRY_P})(?![\w]))"
    rf"(?:\s+\d{{5}}(?:-\d{{4}})?)?"
    rf"(?:,?\s*(?P<country>(?:{_COUNTRY_P})(?![\w])))?"
)
_CITY_PREFIXES = frozenset(
    "san los las new fort ft saint st. st santa salt palm west east north south port grand rio baton ann "
    "little mount el la le des st.-".split()
)
_NOT_CITY_WORDS = (
    frozenset(
        "university college institute school inc llc ltd corp company technologies solutions services group "
        "street st road rd avenue ave lane ln drive dr way blvd boulevard suite apt present summer spring fall "
        "winter intern engineer developer manager analyst mba be bsc msc hsc ssc mcs llb ll.b b.tech tech engg law "
        "commerce science arts diploma degree".split()
    )
    | _TITLE_WORDS
)
_STREET_RE = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Way|Dr|Drive|"
    r"Ct|Court|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle|Sq|Square)\b\.?(?:,?\s*(?:Apt|Suite|Unit|#)\s*[\w-]+)?"
)
_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{5}(?:-\d{4})?\b|\b\d{3}\s?\d{3}\b")


# --------------------------------------------------------------------------
# Location
# --------------------------------------------------------------------------


def _find_location(lines: list[str], contact: list[str]) -> str:
    for line in lines:
        match = _LOCATION_LABEL_RE.match(line)
        if match:
            value = match.group(1).strip()
            found = _location_in(value)
            if found:
                return found
            # "177 Great Portland Street, London W5W 6PQ" -> "London"
            value = _POSTCODE_RE.sub(" ", _STREET_RE.sub(" ", value))
            value = " ".join(value.split()).strip(" ,;-|")
            if value and not any(ch.isdigit() for ch in value):
                return value[:80]
    for line in contact:
        found = _location_in(line)
        if found:
            return found
    return ""


def _location_in(line: str) -> str:
    if "@" in line:
        line = _EMAIL_RE.sub(" | ", line)
    for match in _LOCATION_RE.finditer(line):
        city_words = match.group("city").split()
        before = line[: match.start("city")].rstrip(" ")
        if before and before[-1].isalpha() or before.endswith("."):
            # The capitalised run continues what precedes it ("Stripe San
            # Francisco", "B.Tech. Ghatkesar"): keep the last word, or the
            # last two after "San", "New", "Los"...
            keep = 2 if len(city_words) >= 2 and city_words[-2].lower() in _CITY_PREFIXES else 1
            city_words = city_words[-keep:]
        while city_words and city_words[0].lower().strip(".") in _NOT_CITY_WORDS:
            city_words.pop(0)
        if len(city_words) > 2 and city_words[-3].lower() not in _CITY_PREFIXES:
            city_words = city_words[-2:]
        if not city_words or any(word.lower().strip(".") in _NOT_CITY_WORDS for word in city_words):
            continue
        city = " ".join(city_words).casefold()
        if city in _COUNTRY_AND_REGION_NAMES and city != match.group("region").casefold():
            continue  # "US, Germany" lists countries, "MAHARASHTRA, IN" is no city; "Delhi, Delhi" is
        region = match.group("region")
        country = match.group("country")
        result = f"{' '.join(city_words)}, {region}"
        if country and country != region:
            result += f", {country}"
        return result
    return ""
