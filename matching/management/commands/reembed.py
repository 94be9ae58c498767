"""Re-embed every resume and job after a model change, in batches, with a progress bar.

    python manage.py reembed            # rows embedded with another model (or none)
    python manage.py reembed --all      # every processed resume and every job

Resumes get new chunk vectors and resume vectors; jobs are re-embedded and their
candidates re-scored (recruiters' statuses are kept). Safe to stop and run again:
each batch commits on its own and finished rows are skipped.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from jobs.models import JobDescription
from matching import services
from matching.embeddings import MODEL_NAME
from resumes.models import Resume, ResumeStatus


class Command(BaseCommand):
    help = "Re-embed resumes and jobs (after a model change) and re-score the jobs' candidates."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Re-embed everything, not only stale rows.")
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args, all, batch_size, **options):
        stale = Q() if all else ~Q(embedding_model=MODEL_NAME) | Q(embedding__isnull=True)
        resume_ids = list(
            Resume.objects.filter(stale, status=ResumeStatus.PROCESSED).order_by("pk").values_list("pk", flat=True)
        )
        with tqdm(total=len(resume_ids), desc="resumes", unit="resume", disable=None) as bar:
            for start in range(0, len(resume_ids), batch_size):
                with transaction.atomic():
                    for resume in Resume.objects.select_for_update().filter(
                        pk__in=resume_ids[start : start + batch_size]
                    ):
                        services.resume_embed(resume=resume)
                        resume.save(update_fields=["embedding", "embedding_model", "embedded_at", "updated_at"])
                bar.update(len(resume_ids[start : start + batch_size]))
        job_filter = Q() if all else ~Q(embedding_model=MODEL_NAME) | Q(embedding__isnull=True)
        job_ids = list(JobDescription.objects.filter(job_filter).order_by("pk").values_list("pk", flat=True))
        # With --all every job is re-scored: its candidates' resume vectors changed.
        if not all and resume_ids:
            job_ids = list(JobDescription.objects.order_by("pk").values_list("pk", flat=True))
        for job_id in tqdm(job_ids, desc="jobs", unit="job", disable=None):
            JobDescription.objects.filter(pk=job_id).update(embedded_hash="")
            services.job_rematch(job_id=job_id)
        self.stdout.write(f"Re-embedded {len(resume_ids)} resumes and re-scored {len(job_ids)} jobs with {MODEL_NAME}.")
