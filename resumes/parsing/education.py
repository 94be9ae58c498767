"""The highest education level."""

from __future__ import annotations

import re

# Fields that follow a bare "BE", "BA", "MS", "MA" when it is a degree (and
# not the verb, a state or "MS Office").
_DEGREE_FIELD_P = (
    r"(?:Computer|Data|Electrical|Electronics|Mechanical|Civil|Chemical|Information|Software|Finance|Business|"
    r"Engineering|Science|Commerce|Arts|Economics|English|History|Psychology|Mathematics|Maths|Physics|"
    r"Chemistry|Biology|Biotechnology|Instrumentation|Production|Automobile|Aeronautical|IT|CSE|ECE|EEE|EE|"
    r"Management|Marketing|Accounting|Statistics|Political|Sociology|Journalism|Education|Nursing)\b"
)

# Highest level first. Case-sensitive abbreviations, case-insensitive words.
_EDUCATION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("phd", re.compile(r"\b(?:doctorate|doctoral|doctor\s+of\s+philosophy)\b", re.IGNORECASE)),
    ("phd", re.compile(r"\b(?:Ph\.?\s?D\.?|PHD|D\.?\s?Phil\.?|DPhil|Ed\.?D\.?|Sc\.D\.?|D\.Sc\.?)(?![\w])")),
    ("masters", re.compile(r"\bmaster['’]?s?\b(?:\s+degree|\s+of|\s+in)", re.IGNORECASE)),
    ("masters", re.compile(r"\bpost[\s-]?graduat(?:e|ion)\b(?!\s+diploma)", re.IGNORECASE)),
    (
        "masters",
        re.compile(
            r"(?<![\w.])(?:M\.?B\.?A\.?|M\.S\.|M\.\s?Sc\.?|MSc|M\.?\s?Tech\.?|MTech|M\.E\.|M\.?\s?Eng\.?|MCA|M\.C\.A\.?|"
            r"LL\.?M\.?|M\.?P\.?H\.?|M\.F\.A\.?|MFA|MSW|M\.Ed\.?|M\.Com\.?|MCom|M\.A\.|MPhil|M\.Phil\.?|PGDM)(?![\w])"
        ),
    ),
    ("masters", re.compile(rf"(?<![\w.])MS(?=\s*(?:in\b|,|\(|-|–|\s+{_DEGREE_FIELD_P}))")),
    ("masters", re.compile(rf"(?<!,\s)(?<![\w.])MA(?=\s+(?:in\b|{_DEGREE_FIELD_P}))")),
    (
        "bachelors",
        re.compile(r"\bbachelor['’]?s?\b|\bundergraduate\s+degree\b|\bgraduat(?:e|ion)\s+in\b", re.IGNORECASE),
    ),
    (
        "bachelors",
        re.compile(
            r"(?<![\w.])(?:B\.S\.|B\.\s?Sc\.?|BSc|B\.?\s?Tech\.?|BTech|B\.E\.?|B\.?\s?Eng\.?|BBA|B\.B\.A\.?|B\.Com\.?|BCom|"
            r"BCA|B\.C\.A\.?|B\.A\.|BFA|B\.F\.A\.?|LL\.?B\.?|B\.Ed\.?|BSN|B\.Arch\.?|B\.Pharm\.?|BS(?=\s*(?:in\b|,|\(|-|–|\s+[A-Z])))(?![\w])"
        ),
    ),
    ("bachelors", re.compile(rf"(?<![\w.])(?:BE|BA)(?=\s*(?:in\b|\(|-\s|–|,\s*[A-Z]|\s+{_DEGREE_FIELD_P}))")),
    (
        "associate",
        re.compile(
            r"\bassociate['’]?s?\s+(?:degree|of\s+(?:arts|science|applied))|(?<![\w.])(?:A\.A\.S\.?|A\.A\.|A\.S\.|AAS)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "high_school",
        re.compile(
            r"\bhigh\s+school\b|\bsecondary\s+school\b|\bhigher\s+secondary\b|\bsenior\s+secondary\b|"
            r"\b(?:GED|HSC|SSC|SSLC|CBSE|ICSE)\b|\b(?:10th|12th|xii|x)\s+(?:grade|standard|std|class)\b|"
            r"\bclass\s+(?:x|xii|10|12)\b|\bintermediate\s+\(?(?:mpc|bipc|12th)",
            re.IGNORECASE,
        ),
    ),
]
_EDUCATION_RANK = {"phd": 5, "masters": 4, "bachelors": 3, "associate": 2, "high_school": 1, "": 0}


# --------------------------------------------------------------------------
# Education
# --------------------------------------------------------------------------


def _education_level(education: str, text: str) -> str:
    """Highest degree named in the education section, else anywhere."""
    for source in (education, text) if education else (text,):
        best = ""
        for level, pattern in _EDUCATION_PATTERNS:
            if _EDUCATION_RANK[level] <= _EDUCATION_RANK[best]:
                continue
            if pattern.search(source):
                best = level
        if best:
            return best
    return ""
