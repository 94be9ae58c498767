"""Read queries on resumes shared by the portal and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from resumes.models import Resume


def resume_list(*, company, search: str = "", status: str = "", skill: str = "") -> QuerySet[Resume]:
    resumes = Resume.objects.for_company(company).defer("content", "embedding")
    if status:
        resumes = resumes.filter(status=status)
    if skill.strip():
        resumes = resumes.filter(has_skill_ci(skill.strip()))
    if search:
        resumes = resumes.filter(
            Q(candidate_name__icontains=search)
            | Q(email__icontains=search)
            | Q(original_filename__icontains=search)
            | Q(location__icontains=search)
            | Q(skill_names__contains=[search])
        )
    return resumes.order_by("-created_at")


def has_skill_ci(skill: str, *, prefix: str = "") -> Q:
    """Resumes whose skill list holds `skill`, ignoring case (`prefix` reaches them
    through a relation, e.g. "resume__" from a match)."""
    return Q(
        **{
            f"{prefix}pk__in": RawSQL(
                "SELECT id FROM resumes_resume WHERE EXISTS "
                "(SELECT 1 FROM unnest(skill_names) s WHERE lower(s) = lower(%s))",
                [skill],
            )
        }
    )
