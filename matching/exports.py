"""A job's ranked candidates as CSV or Excel, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

HEADERS = [
    "Rank",
    "Candidate",
    "Email",
    "Overall score",
    "Similarity",
    "Skill match",
    "Experience",
    "Education",
    "Confidence",
    "Status",
    "Stage",
    "Stage changed by",
    "In stage since",
    "Matched skills",
    "Missing required skills",
    "Meets must-haves",
    "Source",
]

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(value):
    """Neutralise spreadsheet formulas in CSV text that came from a candidate.

    CSV has no types, so a leading quote is the only way to say "text". XLSX
    cells carry a type instead (see export_xlsx) and keep the value exact.
    """
    if looks_like_formula(value):
        return "'" + value
    return value


def _score(value):
    return None if value is None else round(value, 1)


def candidate_rows(matches, ranks=None):
    """One row per candidate. `ranks` (resume id -> rank by score among all the job's
    candidates) gives each the rank the list shows; without it, the row's position."""
    for position, match in enumerate(matches, start=1):
        rank = ranks.get(match.resume_id, position) if ranks is not None else position
        resume = match.resume
        changed_at = getattr(match, "stage_entered_at", None)
        yield [
            rank,
            resume.candidate_name or resume.original_filename,
            resume.email,
            _score(match.match_score),
            _score(match.similarity_score),
            _score(match.skills_score),
            _score(match.experience_score),
            _score(match.education_score),
            _score(match.confidence_score),
            match.get_status_display(),
            getattr(match, "stage_name", None) or "",
            getattr(match, "stage_changed_by_email", None) or "",
            timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M") if changed_at else "",
            ", ".join(match.matched_skills),
            ", ".join(match.missing_skills),
            "yes" if match.meets_all_gates else "no",
            match.get_source_display(),
        ]


def export_csv(matches, *, ranks=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in candidate_rows(matches, ranks):
        writer.writerow([safe_cell(cell) for cell in row])
    # A BOM so that Excel reads UTF-8 names correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(matches, *, title: str, ranks=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Candidates"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in candidate_rows(matches, ranks):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # Text stays text, never a formula; the quote-prefix style (what
                # Excel sets when one types a leading ') keeps it text when edited.
                if looks_like_formula(cell.value):
                    cell.quotePrefix = True
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNOPQ", [6, 28, 30, 10, 10, 10, 10, 10, 10, 12, 14, 20, 17, 50, 40, 10, 22]):
        sheet.column_dimensions[column].width = width
    workbook.properties.title = title[:200]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
