"""Every write to jobs. Portal views and API views both call these."""

from __future__ import annotations

import hashlib
import json

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
    "learn_from_decisions",
)
# Fields whose change means the job must be embedded and matched again.
CONTENT_FIELDS = tuple(
    name for name in EDITABLE_FIELDS if name not in ("hiring_company", "location", "employment_type", "salary_range")
)


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


def _normalize(job: JobDescription) -> None:
    job.skills_required = clean_skill_list(job.skills_required)
    job.skills_nice_to_have = [
        s for s in clean_skill_list(job.skills_nice_to_have)
        if s.lower() not in {r.lower() for r in job.skills_required}
    ]
    # A gate must be one of the required skills.
    required = {s.lower(): s for s in job.skills_required}
    job.must_have_skills = [required[s.lower()] for s in clean_skill_list(job.must_have_skills) if s.lower() in required]
    if job.similarity_weight + job.skills_weight <= 0:
        job.similarity_weight, job.skills_weight = 0.6, 0.4


def _announce(job: JobDescription, *, content_changed: bool) -> None:
    job_id = job.pk
    transaction.on_commit(
        lambda: job_saved.send(sender=JobDescription, job_id=job_id, content_changed=content_changed)
    )


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


@transaction.atomic
def job_close(*, job: JobDescription, user) -> JobDescription:
    require(user, "manage_jobs")
    JobDescription.objects.filter(pk=job.pk).update(status=JobStatus.CLOSED, closed_at=timezone.now())
    job.refresh_from_db()
    return job


@transaction.atomic
def job_reopen(*, job: JobDescription, user) -> JobDescription:
    require(user, "manage_jobs")
    JobDescription.objects.filter(pk=job.pk).update(status=JobStatus.OPEN, closed_at=None)
    job.refresh_from_db()
    _announce(job, content_changed=False)
    return job


@transaction.atomic
def job_delete(*, job: JobDescription, user) -> None:
    require(user, "delete_jobs", "Only company administrators can delete jobs.")
    job.delete()
