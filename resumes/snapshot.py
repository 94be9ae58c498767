"""A golden snapshot of parse results over the shared corpora, so a parser change shows what it moves.

`collect(corpora)` runs extraction + parsing + skill finding over every resume
document under `corpora/resumes` (PDF, DOCX, txt) and a fixed, bounded sample of
the labelled sets, and returns one record per document. `diff(old, new)` lists
what changed, one line per document and field ("old -> new").
`manage.py snapshot_parsing [--update]` checks or rewrites the committed file;
resumes/tests/test_parsing_snapshot.py fails with the same diff.

The corpora are public, but parse results are treated as customer data: the
snapshot holds no resume text, and the identifying fields (name, email, phone,
the path of each link) are stored as short SHA-256 digests, so a diff shows
that a value changed (or appeared, or vanished) without showing the value.
Location, section names, years of experience, education level and skill names
are stored as parsed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from resumes.extraction import ExtractionError, detect_kind, extract_text
from resumes.parsing import parse_resume

SNAPSHOT_PATH = Path(__file__).resolve().parent / "tests" / "golden" / "parsing.jsonl"
# "Present" in a date range means this day, so years of experience do not drift with the calendar.
TODAY = dt.date(2025, 1, 15)
# Bounded samples of the labelled sets: every Nth LiveCareer PDF and the first rows of the text sets.
LIVECAREER_EVERY = 10
DATATURKS_ROWS = 40
CSV_ROWS = 40
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".txt")
FIELDS = ("method", "name", "email", "phone", "location", "links", "sections", "years", "education", "skills")


def digest(value: str) -> str:
    """A short, stable stand-in for a personal value; empty stays empty so absence is visible."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:12] if value else ""


def _link(url: str) -> str:
    # The host says what kind of link was found (linkedin.com, github.com); the path names the person.
    host, _, path = url.split("://")[-1].partition("/")
    return f"{host.lower().removeprefix('www.')}/{digest(path)}" if path else host.lower().removeprefix("www.")


def record(text: str, *, method: str) -> dict:
    """The snapshot fields of one document's extracted text."""
    from matching.skills import extract_skills  # the taxonomy loads on first use, not at import

    parsed = parse_resume(text, today=TODAY)
    links = parsed.links
    return {
        "method": method,
        "name": digest(parsed.candidate_name),
        "email": digest(parsed.email),
        "phone": digest(parsed.phone),
        "location": parsed.location,
        "links": {
            **{kind: _link(links[kind]) for kind in ("linkedin", "github", "portfolio") if links[kind]},
            **({"other": [_link(url) for url in links["other"]]} if links["other"] else {}),
        },
        "sections": list(parsed.sections),
        "years": parsed.years_experience,
        "education": parsed.education_level,
        "skills": sorted({found.name for found in extract_skills(text)}),
    }


def _document(data: bytes) -> dict:
    kind = detect_kind(data)
    if kind not in ("pdf", "docx", "txt"):
        return {"error": f"kind {kind}"}
    try:
        # A generous limit: a loaded machine must not turn a slow PDF into a different result.
        result = extract_text(data, kind, time_limit=600.0)
    except ExtractionError as error:
        return {"error": type(error).__name__}
    return record(result.text, method=result.method)


def documents(corpora: Path) -> Iterator[tuple[str, bytes]]:
    """(key, bytes) of every snapshotted document, in a fixed order."""
    for path in sorted((corpora / "resumes").rglob("*")):
        if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES:
            yield path.relative_to(corpora).as_posix(), path.read_bytes()
    for path in sorted((corpora / "labeled" / "livecareer-dev").glob("*/*.pdf"))[::LIVECAREER_EVERY]:
        yield path.relative_to(corpora).as_posix(), path.read_bytes()
    dataturks = corpora / "labeled" / "dataturks-train.json"
    with dataturks.open(encoding="utf-8") as handle:
        for number, line in zip(range(DATATURKS_ROWS), handle, strict=False):
            if line.strip():
                yield f"{dataturks.relative_to(corpora).as_posix()}:{number + 1}", json.loads(line)["content"].encode()
    table = corpora / "labeled" / "updated-resume-dataset.dedup.csv"
    csv.field_size_limit(sys.maxsize)
    with table.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, row in zip(range(CSV_ROWS), csv.DictReader(handle), strict=False):
            yield f"{table.relative_to(corpora).as_posix()}:{number + 2}", row["Resume"].encode()


def collect(corpora: Path) -> dict[str, dict]:
    return {key: _document(data) for key, data in documents(corpora)}


def load(path: Path = SNAPSHOT_PATH) -> dict[str, dict]:
    snapshot = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            snapshot[row.pop("document")] = row
    return snapshot


def write(snapshot: dict[str, dict], path: Path = SNAPSHOT_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for key, row in snapshot.items():
            handle.write(json.dumps({"document": key, **row}, ensure_ascii=False, sort_keys=False) + "\n")


def diff(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """Readable differences, one line per document and field: "doc  field: old -> new"."""
    lines = []
    for key in sorted(old.keys() - new.keys()):
        lines.append(f"{key}: no longer in the corpora")
    for key in sorted(new.keys() - old.keys()):
        lines.append(f"{key}: new document")
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        for field in [*FIELDS, "error", *sorted((before.keys() | after.keys()) - {*FIELDS, "error"})]:
            if before.get(field) != after.get(field):
                lines.append(f"{key}  {field}: {_show(field, before.get(field), after.get(field))}")
    return lines


def _show(field: str, before, after) -> str:
    if isinstance(before, list) and isinstance(after, list) and field != "sections":
        lost = [item for item in before if item not in after]
        gained = [item for item in after if item not in before]
        return " ".join([*(f"-{item}" for item in lost), *(f"+{item}" for item in gained)])
    return f"{json.dumps(before, ensure_ascii=False)} -> {json.dumps(after, ensure_ascii=False)}"
