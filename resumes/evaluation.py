"""Field-level accuracy of extraction + parsing against labelled resumes.

Pure Python, no Django; `manage.py evaluate_parsing PATH` wraps it. Two kinds
of ground truth are understood, found anywhere under the folder:

* `ground_truth.json` beside resume files: {"file.pdf": {"name": ..., "email":
  ..., "phone": ..., "location": ..., "links": [...], "sections": [...]}}.
* JSON-lines files of labelled resume text (the Dataturks format): one object
  per line with `content` and `annotation` spans; spans labelled "Name" and
  "Email Address" are scored. In that data set the "Email Address" span is the
  candidate's Indeed contact link ("indeed.com/r/Jane-Doe/1a2b3c"), so for it
  the email field scores whether the parser found that contact link. Its
  "Location" spans also mark employers' and colleges' towns, so a parsed
  location counts as right when its city is one of the labelled places.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from resumes.extraction import ExtractionError, detect_kind, extract_text
from resumes.parsing import ParsedResume, parse_resume

FIELDS = ("name", "email", "phone", "location", "links", "sections")


def corpora_path() -> Path:
    """The shared corpora: $SHORTLIST_CORPORA, else ../shared/corpora beside the repository."""
    configured = os.environ.get("SHORTLIST_CORPORA")
    if configured:
        return Path(configured)
    return (Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora").resolve()


def evaluate_parsing(folder: str | Path, *, dataturks_limit: int | None = None) -> dict:
    """Walk `folder`, parse every labelled resume and score each field.

    Returns {"fields": {field: {"correct", "total", "accuracy"}},
    "by_source": {source: same shape}, "failures": [...], "documents": n,
    "errors": [...], "seconds": s}.
    """
    folder = Path(folder)
    started = time.monotonic()
    tally: dict[str, dict[str, list[int]]] = {}
    failures: list[dict] = []
    errors: list[dict] = []
    documents = 0

    def score(source: str, item: str, field: str, ok: bool, expected, got) -> None:
        counts = tally.setdefault(source, {}).setdefault(field, [0, 0])
        counts[0] += int(ok)
        counts[1] += 1
        if not ok:
            failures.append({"source": source, "item": item, "field": field, "expected": expected, "got": got})

    for truth_file in sorted(folder.rglob("ground_truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        source = str(truth_file.parent.relative_to(folder)) if truth_file.parent != folder else truth_file.parent.name
        for filename, expected in truth.items():
            if filename.startswith("_") or not isinstance(expected, dict):
                continue
            path = truth_file.parent / filename
            if not path.exists():
                errors.append({"source": source, "item": filename, "error": "file missing"})
                continue
            documents += 1
            try:
                parsed = _parse_file(path)
            except ExtractionError as exc:
                errors.append({"source": source, "item": filename, "error": exc.reason})
                for field in FIELDS:
                    if field in expected:
                        score(source, filename, field, False, expected[field], None)
                continue
            for field in FIELDS:
                if field in expected:
                    ok, got = _compare(field, expected[field], parsed)
                    score(source, filename, field, ok, expected[field], got)

    for lines_file in sorted(folder.rglob("*.json")):
        if lines_file.name == "ground_truth.json" or not _is_labelled_lines(lines_file):
            continue
        source = lines_file.name
        with lines_file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if dataturks_limit is not None and number >= dataturks_limit:
                    break
                if not line.strip():
                    continue
                row = json.loads(line)
                documents += 1
                item = f"{lines_file.name}:{number + 1}"
                labels = _labelled_spans(row)
                try:
                    text = extract_text(row["content"].encode("utf-8"), "txt").text
                except ExtractionError as exc:
                    errors.append({"source": source, "item": item, "error": exc.reason})
                    continue
                parsed = parse_resume(text)
                if labels.get("Name"):
                    gold = labels["Name"][0]
                    score(source, item, "name", _same_name(gold, parsed.candidate_name), gold, parsed.candidate_name)
                if labels.get("Email Address"):
                    gold = labels["Email Address"][0]
                    got = parsed.email or _all_links(parsed)
                    score(source, item, "email", _contact_found(gold, parsed), gold, got)
                if labels.get("Location"):
                    # Location spans mark employers' and colleges' towns too:
                    # the parsed city must be one of the labelled places.
                    cities = {_letters(span.split(",")[0]) for span in labels["Location"]}
                    got_city = _letters(parsed.location.split(",")[0])
                    score(
                        source, item, "location", bool(got_city) and got_city in cities, sorted(cities), parsed.location
                    )

    def summarize(fields: dict[str, list[int]]) -> dict:
        return {
            field: {"correct": c, "total": t, "accuracy": round(c / t, 3) if t else None}
            for field, (c, t) in sorted(fields.items(), key=lambda kv: FIELDS.index(kv[0]))
        }

    overall: dict[str, list[int]] = {}
    for fields in tally.values():
        for field, (c, t) in fields.items():
            total = overall.setdefault(field, [0, 0])
            total[0] += c
            total[1] += t
    return {
        "fields": summarize(overall),
        "by_source": {source: summarize(fields) for source, fields in sorted(tally.items())},
        "failures": failures,
        "errors": errors,
        "documents": documents,
        "seconds": round(time.monotonic() - started, 2),
    }


def _parse_file(path: Path) -> ParsedResume:
    data = path.read_bytes()
    kind = detect_kind(data)
    if kind not in ("pdf", "docx", "txt"):
        raise ExtractionError(f"Unsupported file type: {path.name}")
    return parse_resume(extract_text(data, kind).text)


def _is_labelled_lines(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
        row = json.loads(first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "content" in row and "annotation" in row


def _labelled_spans(row: dict) -> dict[str, list[str]]:
    spans: dict[str, list[str]] = {}
    for annotation in row.get("annotation") or []:
        for label in annotation.get("label") or []:
            for point in annotation.get("points") or []:
                spans.setdefault(label, []).append(point.get("text", ""))
    return spans


def _letters(value: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", (value or "").lower()).split())


def _same_name(expected: str, got: str) -> bool:
    return bool(got) and _letters(expected) == _letters(got)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _normalize_url(url: str) -> str:
    url = re.sub(r"\s+", "", url or "").lower()
    url = re.sub(r"^(?:indeed:)?(?:https?://)?(?:www\.)?", "", url)
    return url.split("?")[0].rstrip("/")


def _all_links(parsed: ParsedResume) -> list[str]:
    links = parsed.links
    return [
        link
        for link in (links.get("linkedin"), links.get("github"), links.get("portfolio"), *links.get("other", []))
        if link
    ]


def _contact_found(gold: str, parsed: ParsedResume) -> bool:
    if "@" in gold:
        return parsed.email == gold.strip().lower()
    wanted = _normalize_url(gold)
    # Some labels clip a character ("ndeed.com/r/..."): containment is enough.
    return len(wanted) >= 10 and any(wanted in _normalize_url(link) for link in _all_links(parsed))


def _compare(field: str, expected, parsed: ParsedResume) -> tuple[bool, object]:
    if field == "name":
        return _same_name(expected, parsed.candidate_name), parsed.candidate_name
    if field == "email":
        return parsed.email == str(expected).lower(), parsed.email
    if field == "phone":
        want, got = _digits(expected), _digits(parsed.phone or parsed.phone_display)
        # Compare national significant digits: "+1 (415) 555-0142" == "4155550142".
        return bool(got) and got[-10:] == want[-10:], parsed.phone_display
    if field == "location":
        want, got = _letters(expected), _letters(parsed.location)
        return bool(got) and (got == want or got.startswith(want + " ")), parsed.location
    if field == "links":
        found = {_normalize_url(link) for link in _all_links(parsed)}
        return all(_normalize_url(link) in found for link in expected), _all_links(parsed)
    if field == "sections":
        return set(expected) <= set(parsed.sections), sorted(parsed.sections)
    raise ValueError(field)
