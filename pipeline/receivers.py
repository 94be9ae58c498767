"""The pipeline listens to companies and resumes (they never import it)."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from companies.models import Company
from pipeline.models import CandidacySource
from resumes.signals import resume_added_to_job

SOURCE_OF_CHANNEL = {
    "upload": CandidacySource.UPLOAD,
    "api": CandidacySource.API,
    "application": CandidacySource.APPLICATION,
}


@receiver(post_save, sender=Company, dispatch_uid="pipeline.company_created")
def on_company_created(sender: Any, instance: Company, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from pipeline.services import stages_create_default

        stages_create_default(company=instance)


@receiver(resume_added_to_job, dispatch_uid="pipeline.resume_added_to_job")
def on_resume_added_to_job(sender: Any, resume: Any, job: Any, channel: str, **kwargs: Any) -> None:
    from pipeline.services import candidacy_ensure

    candidacy_ensure(
        job=job,
        resume=resume,
        source=SOURCE_OF_CHANNEL.get(channel, CandidacySource.UPLOAD),
        user=resume.uploaded_by if resume.uploaded_by_id else None,
    )
