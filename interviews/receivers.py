"""Interviews listen to jobs (which never import them): a saved job that has no
competencies yet gets them from its required skills."""

from django.dispatch import receiver

from jobs.signals import job_saved


@receiver(job_saved, dispatch_uid="interviews.job_saved")
def on_job_saved(sender, job_id, **kwargs):
    from interviews.services import competencies_prefill
    from jobs.models import JobDescription

    job = JobDescription.objects.filter(pk=job_id).only("id", "company_id", "skills_required").first()
    if job is not None:
        competencies_prefill(job=job)
