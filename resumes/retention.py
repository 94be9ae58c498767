"""Candidate data over its lifetime: what the retention period purges, and one
candidate's data exported as JSON.

Both follow the database's own cascade from the resume, so what is exported is
exactly what deleting the candidate removes (matches, candidacies and their stage
history, chunks, notes, interviews and their feedback, shared links), without this app importing
the apps above it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.deletion import Collector
from django.utils import timezone
from pgvector.django import VectorField

from companies.models import Company
from companies.roles import SYSTEM
from resumes.models import Resume
from resumes.services import resume_delete

logger = logging.getLogger(__name__)

# Never exported: secrets and derived vectors (not the candidate's data, and large).
EXCLUDED_FIELDS = {"token_hash", "embedding", "file"}


def retention_days(company: Company) -> int:
    """The company's own period when set, else SHORTLIST_RETENTION_DAYS (0: keep)."""
    return company.retention_days or settings.SHORTLIST_RETENTION_DAYS


def expired_candidates(*, now=None) -> models.QuerySet[Resume]:
    """Resumes uploaded longer ago than their company's retention period."""
    now = now or timezone.now()
    expired = models.Q(pk__in=[])
    for company in Company.objects.all():
        days = retention_days(company)
        if days > 0:
            expired |= models.Q(company=company, created_at__lt=now - timedelta(days=days))
    # A merged-away record belongs to its kept candidate: it goes when that one does.
    return Resume.objects.filter(expired, merged_into__isnull=True).order_by("created_at")


@dataclass
class PurgeReport:
    dry_run: bool
    by_company: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_company.values())


def candidates_purge(*, dry_run: bool = False, now=None) -> PurgeReport:
    """Delete every expired candidate through resume_delete (file and cascade), one at a time."""
    report = PurgeReport(dry_run=dry_run)
    for resume in expired_candidates(now=now).select_related("company").only("pk", "file", "company__name"):
        name = resume.company.name
        if not dry_run:
            resume_delete(resume=resume, user=SYSTEM)
        report.by_company[name] = report.by_company.get(name, 0) + 1
    if report.total and not dry_run:
        logger.info(
            "purged %s candidates past their retention period", report.total, extra={"purged": report.by_company}
        )
    return report


def _row(obj: models.Model) -> dict:
    row = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in EXCLUDED_FIELDS or isinstance(model_field, VectorField):
            continue
        row[model_field.attname] = model_field.value_from_object(obj)
    return row


def candidate_export(*, resume: Resume) -> dict:
    """One candidate's data: the resume's fields and every row that belongs to it."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    collector.collect([resume])
    related: dict[str, list[dict]] = {}
    for model, instances in collector.data.items():
        if model is Resume:
            continue
        rows = sorted(
            (_row(obj) for obj in instances), key=lambda row: (str(row.get("created_at", "")), str(row["id"]))
        )
        related[model._meta.label_lower] = rows
    for queryset in collector.fast_deletes:
        model = queryset.model
        rows = sorted((_row(obj) for obj in queryset), key=lambda row: (str(row.get("created_at", "")), str(row["id"])))
        if rows:
            related.setdefault(model._meta.label_lower, []).extend(rows)
    resume_row = _row(resume)
    resume_row["file"] = {
        "original_filename": resume.original_filename,
        "size": resume.file_size,
        "sha256": resume.sha256,
    }
    return {
        "exported_at": timezone.now(),
        "resume": resume_row,
        "related": dict(sorted(related.items())),
    }
