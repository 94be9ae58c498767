"""Reading a resume takes time linear in its text, whatever the text holds.

A regular expression that restarts a long scan from every character of a run
("a-a-a-...", "http://http://...", "@@@@") is quadratic: 16 KB of "a-" once took
6.6 s and froze the web process. These tests build hostile texts from repeated
tokens and compare the CPU time of the whole reading (normalization, parsing,
redaction, skills) at a size and at four times that size. A linear reader takes
about 4x; a quadratic one 16x. A ratio, not a wall-clock limit, so a busy machine
does not fail it (CPU time of this process, the least of a few runs).
"""

from __future__ import annotations

import gc
import re
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from matching.skills import extract_skills
from resumes.extraction import normalize_text
from resumes.parsing import MAX_PARSE_CHARS, _join_wrapped_urls, parse_resume, redact_personal_data

SMALL = 5_000
LARGE = 4 * SMALL  # below MAX_PARSE_CHARS: the cap must not be what keeps it linear
MAX_RATIO = 8.0  # linear is about 4; quadratic about 16
UPLOAD_LIMIT = 10 * 1024 * 1024

HOSTILE_TOKENS = [
    "a-",
    "A-",
    "0-",
    "1-",
    "12-",
    "-a",
    "a--",
    "http://",
    "https://a",
    "www.",
    "www.a",
    "a.",
    "a.com/",
    "x.io",
    "a@",
    "@",
    "@@",
    "a@-",
    "-@",
    "a@a.",
    "a%",
    "a@b.",
    "1 ",
    "1 1",
    "1.",
    "1/",
    "+1",
    "(1",
    "555-0199 ",
    "Jan 2019 - ",
    "2019 - ",
    "5 years ",
    "experience ",
    "0-experience ",
    "A.",
    "A, ",
    "Aa ",
    "Ab, Cd ",
    "St ",
    "1 A St ",
    "- ",
    "|",
    "a|",
    "/a",
    "a//",
    "..",
    "-\n",
    "a-\n",
    "http://a-\n",
    "linkedin.com/in/a-\n",
    "Phone 555 123 4567 ",
    " (at) ",
    "a [at] b [dot] ",
    "Ph.D ",
    "M.S. ",
    "B.E ",
    "J O ",
    "(cid:1)",
    "ab-\ncd ",
    "Aa-Aa ",
    "A'",
    "x" * 40 + " ",
    "-" * 50 + "\n",
    "1" * 30 + " ",
    " " * 20,
    "\t",
    "MBA, ",
]


def _tokens():
    composed = st.text(alphabet="aA1 .-@/:|,()+%'_\n", min_size=1, max_size=6)
    return st.one_of(
        st.sampled_from(HOSTILE_TOKENS),
        composed,
        st.lists(st.sampled_from(HOSTILE_TOKENS), min_size=2, max_size=3).map("".join),
    )


def _hostile(token: str, size: int) -> str:
    return (token * (size // len(token) + 1))[:size]


def _read(raw: str) -> None:
    """Everything a resume's text goes through before it is embedded."""
    text = normalize_text(raw)
    parsed = parse_resume(text)
    redact_personal_data(text, parsed)
    for body in parsed.sections.values():
        redact_personal_data(body, parsed)
    extract_skills(text)


def _cpu_seconds(raw: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        _read(raw)
        best = min(best, time.process_time() - started)
    return best


def _ratio(token: str) -> tuple[float, float, float]:
    small, large = _cpu_seconds(_hostile(token, SMALL)), _cpu_seconds(_hostile(token, LARGE))
    # Below a few milliseconds the clock's grain dominates: compare against a floor.
    return large / max(small, 0.004), small, large


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=_tokens())
def test_reading_time_grows_linearly_on_hostile_texts(token):
    _read("warm up: Python, Django")
    ratio, small, large = _ratio(token)
    if ratio >= MAX_RATIO:
        ratio, small, large = _ratio(token)  # a second opinion before blaming the code
    assert ratio < MAX_RATIO, f"{token!r}: {small * 1000:.0f} ms at {SMALL} chars, {large * 1000:.0f} ms at {LARGE}"


def test_every_listed_hostile_token_is_linear():
    _read("warm up: Python, Django")
    slow = []
    for token in HOSTILE_TOKENS:
        ratio, small, large = _ratio(token)
        if ratio >= MAX_RATIO:
            ratio, small, large = _ratio(token)
        if ratio >= MAX_RATIO:
            slow.append(f"{token!r}: {small * 1000:.0f} -> {large * 1000:.0f} ms")
    assert not slow, slow


def test_parsing_reads_at_most_the_cap_whatever_the_upload():
    resume = "Maria Garcia\nmaria@example.org\nEXPERIENCE\nEngineer, Jan 2019 - Present\n"
    at_cap = resume + _hostile("a-", MAX_PARSE_CHARS)
    at_upload_limit = resume + _hostile("a-", UPLOAD_LIMIT)

    def parse_seconds(text):
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            parsed = parse_resume(text)
            best = min(best, time.process_time() - started)
        return best, parsed

    cap_seconds, _ = parse_seconds(at_cap)
    limit_seconds, parsed = parse_seconds(at_upload_limit)
    assert parsed.email == "maria@example.org" and parsed.candidate_name == "Maria Garcia"
    # 100x the text, about the same time: only the first MAX_PARSE_CHARS are read.
    assert limit_seconds < 3 * max(cap_seconds, 0.01)


# The regex _join_wrapped_urls replaced (quadratic on "http://http://..."): the same
# answer on short texts, where its time does not matter.
_OLD_WRAPPED_URL_RE = re.compile(
    r"((?:https?://|www\.|\b[\w-]+\.(?:com|org|net|io|in)/)\S*[/\-])[ \t]*\n[ \t]*([A-Za-z0-9][\w\-./?=&%#]*)"
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            ["http://", "https://a", "www.", "a.com/", "x-", "/", "-", "in/", "b", "Jo", " ", "\t", "\n", "9", ".", "é"]
        ),
        max_size=14,
    ).map("".join)
)
def test_joining_wrapped_urls_agrees_with_the_regex_it_replaced(text):
    assert _join_wrapped_urls(text) == _OLD_WRAPPED_URL_RE.sub(r"\1\2", text)
