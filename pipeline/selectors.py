"""Read queries of the pipeline shared by the portal, the API and the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pipeline.models import Candidacy, Stage


def pipeline_stages(*, job: Any) -> list[Stage]:
    """The stages a job's candidates move through, in order: the job's own when it
    has any, otherwise its company's."""
    own = list(Stage.objects.filter(company_id=job.company_id, job=job))
    if own:
        return own
    return list(Stage.objects.filter(company_id=job.company_id, job__isnull=True))


def candidacy_for(*, company: Any, job: Any, resume: Any) -> Candidacy | None:
    return (
        Candidacy.objects.for_company(company).filter(job=job, resume=resume).select_related("stage").first()
    )


def job_candidacies(*, company: Any, job: Any) -> QuerySet[Candidacy]:
    return Candidacy.objects.for_company(company).filter(job=job).select_related("stage", "resume")


def resume_candidacies(*, company: Any, resume: Any) -> QuerySet[Candidacy]:
    return (
        Candidacy.objects.for_company(company)
        .filter(resume=resume)
        .select_related("stage", "job", "stage_changed_by")
        .order_by("-updated_at")
    )
