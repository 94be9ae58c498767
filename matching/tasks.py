"""Thin Celery tasks of matching: ids in, a service call. Retries follow config.celery_app.Task."""

from celery import shared_task

from matching import services


@shared_task
def rematch_job(job_id: str) -> int:
    return services.job_rematch(job_id=job_id)


@shared_task
def match_resume_to_job(resume_id: str, job_id: str, source: str = "uploaded") -> float | None:
    match = services.match_resume_to_job(resume_id=resume_id, job_id=job_id, source=source)
    return match.match_score if match else None


@shared_task
def match_resume_to_open_jobs(resume_id: str) -> int:
    from resumes.models import Resume

    resume = Resume.objects.filter(pk=resume_id).first()
    return len(services.match_resume_to_open_jobs(resume=resume)) if resume else 0


@shared_task
def suggest_resume_to_open_jobs(resume_id: str) -> int:
    return services.suggestions_add_resume(resume_id=resume_id)
