"""Every write to jobs. Portal views and API views both call these."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.roles import person, require
from jobs.models import JobDescription, JobStatus
from jobs.signals import job_saved

# What a recruiter may set on a job, in the order the job form shows it.
EDITABLE_FIELDS = (
    "title",
    "hiring_company",
    "location",
    "department",
    "workplace",
    "valid_through",
    "employment_type",
    "salary_range",
    "description",
    "requirements",
    "skills_required",
    "skills_nice_to_have",
    "must_have_skills",
    "min_years_experience",
    "education_level",
    "similarity_weight",
    "skills_weight",
    "criteria",
    "learn_from_decisions",
)
# Fields whose change means the job must be embedded and matched again.
_PRESENTATION_FIELDS = (
    "hiring_company",
    "location",
    "department",
    "workplace",
    "valid_through",
    "employment_type",
    "salary_range",
)
CONTENT_FIELDS = tuple(name for name in EDITABLE_FIELDS if name not in _PRESENTATION_FIELDS)


def clean_skill_list(skills) -> list[str]:
    """Trim, drop empties and case-insensitive duplicates, keep the recruiter's order."""
    seen: set[str] = set()
    cleaned = []
    for skill in skills or []:
        name = " ".join(str(skill).split())[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            cleaned.append(name)
    return cleaned


def job_content_hash(job: JobDescription) -> str:
    payload = {field: getattr(job, field) for field in CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


CRITERION_KINDS = ("must", "nice")
CRITERION_MAX_WEIGHT = 5
CRITERION_MAX_LENGTH = 300
MAX_CRITERIA = 20


def clean_criteria(value) -> list[dict]:
    """Criteria as stored: text trimmed, kind must/nice (nice by default), weight 1-5
    (1 by default), case-insensitive duplicates dropped. A plain string is a nice-to-have
    of weight 1. Anything else is refused with a message for the recruiter."""
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError({"criteria": "Criteria must be a list."})
    cleaned, seen = [], set()
    for item in value:
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValidationError({"criteria": "Each criterion needs a text."})
        text = " ".join(item["text"].split())[:CRITERION_MAX_LENGTH]
        kind = item.get("kind") or "nice"
        weight = item.get("weight", 1)
        if kind not in CRITERION_KINDS:
            raise ValidationError({"criteria": f"“{kind}” is not a kind of criterion; use must or nice."})
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 1 <= weight <= CRITERION_MAX_WEIGHT:
            raise ValidationError({"criteria": f"A criterion's weight is a number from 1 to {CRITERION_MAX_WEIGHT}."})
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(
                {"text": text, "kind": kind, "weight": int(weight) if float(weight).is_integer() else float(weight)}
            )
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError({"criteria": f"At most {MAX_CRITERIA} criteria per job."})
    return cleaned


def _normalize(job: JobDescription) -> None:
    job.criteria = clean_criteria(job.criteria)
    # A must-have implies required: one the recruiter did not also list as required is
    # added to the required skills (in the required spelling when it is there), never dropped.
    job.skills_required = clean_skill_list(job.skills_required)
    required = {s.lower(): s for s in job.skills_required}
    job.must_have_skills = [required.get(s.lower(), s) for s in clean_skill_list(job.must_have_skills)]
    job.skills_required = clean_skill_list([*job.skills_required, *job.must_have_skills])
    job.skills_nice_to_have = [
        s
        for s in clean_skill_list(job.skills_nice_to_have)
        if s.lower() not in {r.lower() for r in job.skills_required}
    ]
    if job.similarity_weight + job.skills_weight <= 0:
        job.similarity_weight, job.skills_weight = 0.6, 0.4


def _announce(job: JobDescription, *, content_changed: bool) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: job_saved.send(sender=JobDescription, job_id=job_id, content_changed=content_changed))


@transaction.atomic
def job_create(*, company, created_by, **fields) -> JobDescription:
    """A new job; `created_by` is the user (or companies.roles.SYSTEM for demo data and commands)."""
    require(created_by, "manage_jobs")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job fields: {', '.join(sorted(unknown))}")
    job = JobDescription(company=company, created_by=person(created_by), **fields)
    if not job.hiring_company:
        job.hiring_company = company.name
    _normalize(job)
    job.full_clean(exclude=["embedding", "created_by"])
    job.save()
    _announce(job, content_changed=True)
    return job


@transaction.atomic
def job_update(*, job: JobDescription, user, **fields) -> JobDescription:
    require(user, "manage_jobs")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job fields: {', '.join(sorted(unknown))}")
    job = JobDescription.objects.select_for_update().get(pk=job.pk)
    before = job_content_hash(job)
    for name, value in fields.items():
        setattr(job, name, value)
    _normalize(job)
    job.full_clean(exclude=["embedding", "created_by"])
    content_changed = job_content_hash(job) != before
    if content_changed:
        job.embedding_status = "pending"
    job.save()
    _announce(job, content_changed=content_changed)
    return job


def job_close(*, job: JobDescription, user) -> JobDescription:
    return _job_set_status(job=job, user=user, status=JobStatus.CLOSED, closed_at=timezone.now())


def job_reopen(*, job: JobDescription, user) -> JobDescription:
    return _job_set_status(job=job, user=user, status=JobStatus.OPEN, closed_at=None)


@transaction.atomic
def _job_set_status(*, job: JobDescription, user, status: str, closed_at) -> JobDescription:
    require(user, "manage_jobs")
    JobDescription.objects.filter(pk=job.pk).update(status=status, closed_at=closed_at)
    job.refresh_from_db()
    # No post_save from update(): the announcement tells higher layers (the careers page) it closed or reopened.
    _announce(job, content_changed=False)
    return job


@transaction.atomic
def job_delete(*, job: JobDescription, user) -> None:
    require(user, "delete_jobs", "Only company administrators can delete jobs.")
    job.delete()
