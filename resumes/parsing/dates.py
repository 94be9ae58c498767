"""Dates, date ranges and years of experience."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (1, 2)}
_MONTH_P = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_P = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE_P = (
    rf"(?:{_MONTH_P}\s*,?\s*(?:{_YEAR_P}|['’]\d\d)"
    rf"|(?:spring|summer|fall|autumn|winter)\s*,?\s*{_YEAR_P}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.\-]\s*(?:{_YEAR_P}|\d\d(?!\d))"
    rf"|{_YEAR_P})"
)
_PRESENT_P = r"(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|till\s+now|date|ongoing)"
_RANGE_RE = re.compile(
    rf"\b(?P<start>{_DATE_P})\s*(?:-|–|—|~|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b)\s*"
    rf"(?P<end>{_DATE_P}|{_PRESENT_P}\b|\d\d\b)",
    re.IGNORECASE,
)
_SEASON_RE = re.compile(rf"\b(?P<season>spring|summer|fall|autumn)\s*,?\s*(?P<year>{_YEAR_P})\b", re.IGNORECASE)
_EXPERIENCE_STATEMENT_RES = (
    re.compile(
        r"\b(\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?:years?|yrs?)\.?(?:\s*(?:and\s*)?(\d{1,2})\s*(?:months?|mos?)\.?)?"
        r"\s*(?:of\s+)?(?:[\w/&+.-]{1,40}+\s+){0,4}?(?:experience|exp)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:total\s+)?(?:[\w/&+.-]{1,40}+\s+){0,2}?experience\s*(?:of|:|-|–)?\s*(?:over\s+|about\s+|around\s+)?"
        r"(\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?:years?|yrs?)(?:\s*(?:and\s*)?(\d{1,2})\s*(?:months?|mos?))?",
        re.IGNORECASE,
    ),
)


# --------------------------------------------------------------------------
# Experience
# --------------------------------------------------------------------------


def _month_index(token: str, *, is_end: bool, today: dt.date, start_year: int | None = None) -> int | None:
    """Months since year 0 for a date token; an end date points one past its month."""
    token = token.strip().lower().replace("’", "'")
    if re.fullmatch(_PRESENT_P, token, re.IGNORECASE):
        return today.year * 12 + today.month
    match = re.match(rf"({_MONTH_P})\s*,?\s*((?:19|20)\d\d|'\d\d)", token, re.IGNORECASE)
    if match:
        month = _MONTHS[match.group(1)[:3].lower()]
        year_text = match.group(2)
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text[1:])
        if year_text.startswith("'") and year > today.year:
            year -= 100
        return year * 12 + month - 1 + (1 if is_end else 0)
    match = re.match(r"(spring|summer|fall|autumn|winter)\s*,?\s*(\d{4})", token)
    if match:
        first, last = _SEASONS[match.group(1)]
        return int(match.group(2)) * 12 + (last if is_end else first - 1)
    match = re.match(r"(\d{1,2})\s*[/.\-]\s*(\d{2,4})$", token)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if year < 100:
            year += 2000 if year <= today.year % 100 else 1900
        return year * 12 + month - 1 + (1 if is_end else 0)
    match = re.fullmatch(r"(\d{4})", token)
    if match:
        year = int(match.group(1))
        if is_end:
            # "2015 - 2018" reads as three years; "2018 - 2018" as one.
            return year * 12 + (12 if start_year == year else 0)
        return year * 12
    match = re.fullmatch(r"(\d{2})", token)
    if match and is_end and start_year:
        year = (start_year // 100) * 100 + int(match.group(1))
        if year < start_year:
            year += 100
        return year * 12
    return None


def _date_ranges(text: str, today: dt.date) -> list[tuple[int, int]]:
    now = today.year * 12 + today.month
    ranges = []
    masked = text
    for match in _RANGE_RE.finditer(text):
        start_token, end_token = match.group("start"), match.group("end")
        start = _month_index(start_token, is_end=False, today=today)
        if start is None:
            continue
        start_year = start // 12 if re.fullmatch(r"\d{4}", start_token.strip()) else None
        if re.fullmatch(r"\d\d", end_token.strip()) and start_year is None:
            continue  # "Mar 2019 - 20" is not a range
        end = _month_index(end_token, is_end=True, today=today, start_year=start // 12)
        if end is None or end <= start or end > now + 1 or end - start > 50 * 12:
            continue
        ranges.append((start, end))
        masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    for match in _SEASON_RE.finditer(masked):
        first, last = _SEASONS[match.group("season").lower()]
        year = int(match.group("year"))
        start, end = year * 12 + first - 1, year * 12 + last
        if end <= now + 1:
            ranges.append((start, end))
    return ranges


def _merged_months(ranges: list[tuple[int, int]]) -> int:
    total = 0
    current_start = current_end = None
    for start, end in sorted(ranges):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _years_experience(sections: dict[str, str], text: str, today: dt.date) -> float | None:
    experience = sections.get("experience", "")
    if experience:
        months = _merged_months(_date_ranges(experience, today))
        if months:
            return round(months / 12, 1)
    stated = _stated_years(text)
    return stated


def _stated_years(text: str) -> float | None:
    best = None
    for pattern in _EXPERIENCE_STATEMENT_RES:
        for match in pattern.finditer(text):
            years = float(match.group(1))
            if match.group(2):
                years += int(match.group(2)) / 12
            if 0 < years <= 50 and (best is None or years > best):
                best = years
    return round(best, 1) if best is not None else None
